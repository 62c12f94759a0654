// The C surface of the distributed path (not API): Open MPI's <mpi.h>, the C interface of BLACS,
// and the Fortran entry points of ScaLAPACK and PBLAS that EDLAEDistributed calls. ScaLAPACK ships
// no C header, so the prototypes are declared here: every Fortran argument is passed by pointer,
// integers are 32-bit, character arguments are single bytes (their hidden lengths are 1 and are
// not passed; gfortran reads them only for error messages).
#ifndef EDLAE_CSCALAPACK_SHIM_H
#define EDLAE_CSCALAPACK_SHIM_H

#include <mpi.h>

// Open MPI defines these as macros over the addresses of globals, which Swift does not import.
static inline MPI_Comm edlae_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype edlae_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype edlae_mpi_int(void) { return MPI_INT; }
static inline MPI_Datatype edlae_mpi_long_long(void) { return MPI_LONG_LONG; }
static inline MPI_Datatype edlae_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op edlae_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op edlae_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op edlae_mpi_min(void) { return MPI_MIN; }
static inline int edlae_mpi_success(void) { return MPI_SUCCESS; }
static inline int edlae_mpi_max_processor_name(void) { return MPI_MAX_PROCESSOR_NAME; }
static inline MPI_Comm edlae_mpi_comm_null(void) { return MPI_COMM_NULL; }

// BLACS (C interface: integers by value).
void Cblacs_pinfo(int *rank, int *processCount);
void Cblacs_get(int context, int what, int *value);
void Cblacs_gridinit(int *context, const char *order, int rows, int columns);
void Cblacs_gridinfo(int context, int *rows, int *columns, int *row, int *column);
void Cblacs_gridexit(int context);
void Cblacs_exit(int notDone);

// ScaLAPACK tools.
int numroc_(const int *n, const int *nb, const int *iproc, const int *isrcproc, const int *nprocs);
void descinit_(int *desc, const int *m, const int *n, const int *mb, const int *nb, const int *irsrc,
               const int *icsrc, const int *context, const int *lld, int *info);

// Cholesky factorisation and inverse of a distributed symmetric positive definite matrix.
void pdpotrf_(const char *uplo, const int *n, double *a, const int *ia, const int *ja, const int *desca, int *info);
void pdpotri_(const char *uplo, const int *n, double *a, const int *ia, const int *ja, const int *desca, int *info);

// PBLAS: sub(C) := beta sub(C) + alpha sub(A)^T (C is m x n, A is n x m).
void pdtran_(const int *m, const int *n, const double *alpha, const double *a, const int *ia, const int *ja,
             const int *desca, const double *beta, double *c, const int *ic, const int *jc, const int *descc);

#endif
