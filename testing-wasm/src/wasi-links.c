// wasi-links.wasm - a WASI command that plants symbolic links leading out of its sandbox without any race,
// for tests of the sandbox's link checks. The sandbox is preopened as /sb; the host keeps a secret in
// outside/secret.txt, a sibling of the sandbox, and may have planted links of its own.
//   plant      -> self -> "." then links through it and through other links: prints "NAME=ERRNO" per link
//   rename     -> a link, and a directory holding one, moved to a shallower place: prints "NAME=ERRNO"
//   readlink NAME... -> prints "NAME=TEXT" or "NAME=ERRNO" for each link
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errname(int e) {
    switch (e) {
        case 0: return "0";
        case EPERM: return "EPERM";
        case EACCES: return "EACCES";
        case ENOENT: return "ENOENT";
        case EEXIST: return "EEXIST";
        case ELOOP: return "ELOOP";
        case EIO: return "EIO";
        case EINVAL: return "EINVAL";
        default: return "other";
    }
}

static void link_as(const char *text, const char *name) {
    char path[256];
    snprintf(path, sizeof path, "/sb/%s", name);
    int result = symlink(text, path);
    printf("%s=%s\n", name, errname(result == 0 ? 0 : errno));
}

static void move_as(const char *from, const char *to) {
    char a[256], b[256];
    snprintf(a, sizeof a, "/sb/%s", from);
    snprintf(b, sizeof b, "/sb/%s", to);
    int result = rename(a, b);
    printf("%s=%s\n", to, errname(result == 0 ? 0 : errno));
}

static int do_plant(void) {
    // a link to the sandbox itself, harmless alone
    link_as(".", "self");
    // "self/.." is the sandbox's parent for the kernel, which resolves self first
    link_as("self/../outside/secret.txt", "evil");
    link_as("self/self/../outside/secret.txt", "evil2");
    // a link one level down that points back up: harmless alone
    mkdir("/sb/sub", 0755);
    link_as("..", "sub/up");
    link_as("sub/up/../outside/secret.txt", "evil3");
    // no ".." at all: climbs through the link the host planted (escape -> ../outside)
    link_as("escape/secret.txt", "evil4");
    // through its own name: the kernel would follow the new link itself
    link_as("evil5/../../outside/secret.txt", "evil5");
    // text that stays inside, through links and not: still allowed
    link_as("self/sub/up/inside.txt", "fine");
    link_as("../inside.txt", "sub/fine");
    return 0;
}

static int do_rename(void) {
    // at depth 2, "../../outside/secret.txt" is the sandbox's own outside/secret.txt
    mkdir("/sb/deep", 0755);
    mkdir("/sb/deep/er", 0755);
    link_as("../../outside/secret.txt", "deep/er/up");
    // moved one level up, the same text climbs out of the sandbox
    move_as("deep/er/up", "up");
    move_as("deep/er", "er");
    // moved deeper, or to the same depth, it still stays inside
    mkdir("/sb/deep/er2", 0755);
    mkdir("/sb/deep/er2/more", 0755);
    move_as("deep/er", "deep/er2/more/er");
    mkdir("/sb/deep2", 0755);
    move_as("deep/er2", "deep2/er2");
    return 0;
}

static int do_readlink(int count, char **names) {
    for (int i = 0; i < count; i++) {
        char path[256], text[512];
        snprintf(path, sizeof path, "/sb/%s", names[i]);
        ssize_t n = readlink(path, text, sizeof text - 1);
        if (n < 0) {
            printf("%s=%s\n", names[i], errname(errno));
        } else {
            text[n] = 0;
            printf("%s=%s\n", names[i], text);
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "plant") == 0) return do_plant();
    if (argc >= 2 && strcmp(argv[1], "rename") == 0) return do_rename();
    if (argc >= 2 && strcmp(argv[1], "readlink") == 0) return do_readlink(argc - 2, argv + 2);
    fprintf(stderr, "usage: wasi-links plant|rename|readlink NAME...\n");
    return 1;
}
