// Internal shim: not API. Exposes CBLAS and LAPACKE to the Swift targets.
#ifndef EDLAE_C_LINEAR_ALGEBRA_SHIM_H
#define EDLAE_C_LINEAR_ALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
