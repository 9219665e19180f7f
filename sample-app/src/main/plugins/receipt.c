// receipt.wasm - a WASI command driven by its standard input: reads order lines "SKU QUANTITY UNIT_CENTS"
// and prints a plain-text receipt. Usage: receipt [CURRENCY]. A malformed line is reported on stderr and
// ends the command with status 2, like any Unix filter.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *currency = argc > 1 ? argv[1] : "EUR";
    char line[256];
    int number = 0;
    long long total = 0;
    while (fgets(line, sizeof line, stdin) != NULL) {
        number++;
        if (strspn(line, " \t\r\n") == strlen(line)) {
            continue;
        }
        char sku[64];
        long long quantity, cents;
        char rest;
        if (sscanf(line, "%63s %lld %lld %c", sku, &quantity, &cents, &rest) != 3 || quantity <= 0 || cents < 0) {
            fprintf(stderr, "line %d: expected \"SKU QUANTITY UNIT_CENTS\" with a positive quantity\n", number);
            return 2;
        }
        long long amount = quantity * cents;
        total += amount;
        printf("%-16s %5lld x %8lld.%02lld = %10lld.%02lld %s\n", sku, quantity, cents / 100, cents % 100,
            amount / 100, amount % 100, currency);
    }
    printf("%-16s %34s %10lld.%02lld %s\n", "TOTAL", "", total / 100, total % 100, currency);
    return 0;
}
