/* CLane is header-only (include/CLane.h); SwiftPM builds a C target from at least one source file. */
#include "CLane.h"
