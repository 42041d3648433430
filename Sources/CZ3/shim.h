// Z3's C API, from Debian's libz3-dev. Only SpecZ3 imports this module.
#include <z3.h>
