// The parts of Debian's liblz4 (liblz4-dev) that Annals uses: the block API for
// compressing and decompressing sealed-segment blocks. Frames are written by hand
// (docs/FORMAT.md) so that the stock `lz4` tool can read every sealed segment.
#include <lz4.h>
#include <lz4frame.h>
