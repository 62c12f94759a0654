// Internal shim: not API. Exposes CBLAS, LAPACKE and ARPACK-ng's ISO C bindings to the Swift targets.
#ifndef EDLAE_C_LINEAR_ALGEBRA_SHIM_H
#define EDLAE_C_LINEAR_ALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#include <arpack/arpack.h>
#endif
