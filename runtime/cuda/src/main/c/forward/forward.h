/*
 * Shared part of the forwarding libraries libcublas.so.12 and libnvrtc.so.12.
 *
 * JCuda 12.6.0's JNI libraries import their CUDA functions with the symbol version of the
 * CUDA 12 library (for example cublasSgemm_v2@libcublas.so.12). A machine with only CUDA 13
 * has libcublas.so.13, whose symbols carry the version libcublas.so.13, so neither the file
 * nor a symlink to it satisfies those imports. A forwarding library has the CUDA 12 soname,
 * exports every imported function under the CUDA 12 version node, and passes each call on
 * to the same-named function of the CUDA 13 library, which it opens by soname on first use.
 * Opening by soname finds a library the JVM already loaded with System.load by absolute path
 * as well as one on LD_LIBRARY_PATH or in the loader cache.
 *
 * Every pointer is cached with atomics: two threads racing on the first call both store the
 * same value, so no lock is needed.
 */
#ifndef HYPERCOLUMN_FORWARD_H
#define HYPERCOLUMN_FORWARD_H

#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stddef.h>
#include <stdio.h>

/* glibc 2.34 moved dlopen and friends into libc under the version GLIBC_2.34. Binding to the
   original x86-64 versions keeps the libraries loadable on older distributions too (the JCuda
   natives themselves need no more than GLIBC_2.17). */
__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver dlvsym,dlvsym@GLIBC_2.2.5");
__asm__(".symver dlerror,dlerror@GLIBC_2.2.5");
__asm__(".symver dlinfo,dlinfo@GLIBC_2.3.3");

#define HC_EXPORT __attribute__((visibility("default")))

/*
 * What a forwarded function returns when the CUDA 13 library or the function in it cannot be
 * found. No NVIDIA status is negative, so the caller can tell this from the library's own
 * answers (CUBLAS_STATUS_NOT_INITIALIZED, say), and ask the forwarder's status-text function
 * (cublasGetStatusString, nvrtcGetErrorString) for this code to learn what was missing.
 */
#define HC_UNRESOLVED (-1)

typedef struct {
    const char *soname;       /* the library forwarded to, e.g. "libcublas.so.13" */
    const char *forwarder;    /* this library's soname, e.g. "libcublas.so.12" */
    void *handle;             /* NULL until it opened */
    int reported;             /* the failure to open is printed once */
    char failure[512];        /* the last failure, for the status text of HC_UNRESOLVED;
                                 written without a lock: threads failing at once may garble
                                 the text, never the status */
} hc_target;

/* Where the opened library lies, for messages: dlinfo's link map, else its soname. */
static const char *hc_path(hc_target *target, void *handle) {
    struct link_map *map = NULL;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != NULL && map->l_name != NULL
            && map->l_name[0] != '\0') {
        return map->l_name;
    }
    return target->soname;
}

/* Opens the target library, or returns NULL (and says why on stderr, once). A failure is
   not cached: the Java side may load the library later and call again. */
static void *hc_open(hc_target *target) {
    void *handle = __atomic_load_n(&target->handle, __ATOMIC_ACQUIRE);
    if (handle != NULL) {
        return handle;
    }
    handle = dlopen(target->soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(target->failure, sizeof target->failure,
                 "the %s forwarder cannot open %s: %s", target->forwarder, target->soname,
                 why != NULL ? why : "unknown error");
        if (!__atomic_exchange_n(&target->reported, 1, __ATOMIC_ACQ_REL)) {
            fprintf(stderr, "hypercolumn: %s\n", target->failure);
        }
        return NULL;
    }
    __atomic_store_n(&target->handle, handle, __ATOMIC_RELEASE);
    return handle;
}

/* The function `name` of the target, looked up under the target's own version node (the
   soname, as NVIDIA versions its libraries) and then unversioned. NULL if either the library
   or the function is missing. */
static void *hc_resolve(hc_target *target, void **cache, const char *name) {
    void *function = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (function != NULL) {
        return function;
    }
    void *handle = hc_open(target);
    if (handle == NULL) {
        return NULL;
    }
    function = dlvsym(handle, name, target->soname);
    if (function == NULL) {
        function = dlsym(handle, name);
    }
    if (function == NULL) {
        snprintf(target->failure, sizeof target->failure,
                 "the %s forwarder found no function %s in %s (%s)", target->forwarder, name,
                 target->soname, hc_path(target, handle));
        fprintf(stderr, "hypercolumn: %s\n", target->failure);
        return NULL;
    }
    __atomic_store_n(cache, function, __ATOMIC_RELEASE);
    return function;
}

/*
 * Defines an exported function `name` that calls the target's function of the same name.
 * `params` is the parenthesised parameter list with types, `args` the same names without;
 * `failed` is returned when the target or the function cannot be found (HC_UNRESOLVED for the
 * functions that return a status).
 */
#define HC_FORWARD(target, ret, name, failed, params, args)                           \
    HC_EXPORT ret name params {                                                      \
        static void *cached;                                                         \
        ret (*function) params = (ret (*) params) hc_resolve(&(target), &cached, #name); \
        if (function == NULL) {                                                      \
            return failed;                                                           \
        }                                                                            \
        return function args;                                                        \
    }

/*
 * Defines the status-text function `name(status)`: for HC_UNRESOLVED it returns what the
 * forwarder could not find; for every other status, the target's text (or `fallback` when
 * the target cannot be opened).
 */
#define HC_FORWARD_STATUS_TEXT(target, name, fallback)                                 \
    HC_EXPORT const char *name(int status) {                                         \
        static void *cached;                                                         \
        if (status == HC_UNRESOLVED) {                                               \
            return (target).failure[0] != '\0' ? (target).failure                    \
                : "a " #name " status of -1 that no forwarder call returned";         \
        }                                                                            \
        const char *(*function)(int) = (const char *(*)(int)) hc_resolve(&(target), &cached, #name); \
        return function != NULL ? function(status) : (fallback);                     \
    }

#endif
