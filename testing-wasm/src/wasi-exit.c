// wasi-exit.wasm - WASI command that terminates via exit(3) (proc_exit).
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("exiting with 3\n");
    fflush(stdout);
    exit(3);
}
