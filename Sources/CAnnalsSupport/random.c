#include "CAnnalsSupport.h"
#include <errno.h>
#include <sys/random.h>

int annals_random_bytes(void *buffer, size_t length) {
    unsigned char *p = (unsigned char *)buffer;
    while (length > 0) {
        ssize_t n = getrandom(p, length, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        length -= (size_t)n;
    }
    return 0;
}
