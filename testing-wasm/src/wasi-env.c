// wasi-env.wasm - WASI command: prints its whole environment, to show what the
// sandbox lets in. One "NAME=value" line per variable, sorted, then "count=N".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp_entries(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
    size_t count = 0;
    while (environ != NULL && environ[count] != NULL) count++;
    char **sorted = malloc((count + 1) * sizeof *sorted);
    if (sorted == NULL) return 1;
    for (size_t i = 0; i < count; i++) sorted[i] = environ[i];
    qsort(sorted, count, sizeof *sorted, cmp_entries);
    for (size_t i = 0; i < count; i++) printf("%s\n", sorted[i]);
    printf("count=%zu\n", count);
    free(sorted);
    return 0;
}
