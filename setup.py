"""Build the compiled decoding loops (analyzer.scap._fast); everything else is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "analyzer.scap._fast",
            sources=["analyzer/scap/_fast.c", "analyzer/scap/_fast_render.c", "analyzer/scap/_fast_sink.c",
                     "analyzer/scap/_fast_loop.c"],
            depends=["analyzer/scap/_fast.h"],
            extra_compile_args=["-O2", "-std=gnu11", "-Wall", "-Wno-unused-label"],
        )
    ]
)
