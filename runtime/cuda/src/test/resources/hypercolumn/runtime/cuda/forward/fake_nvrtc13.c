/*
 * A stand-in for CUDA 13's libnvrtc.so.13 (soname and version node libnvrtc.so.13) for the
 * forwarding tests: it records each call in the file named by FAKE_CUDA_LOG and "compiles" a
 * program into a PTX text that repeats its name, source and options.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void record(const char *format, ...) {
    const char *path = getenv("FAKE_CUDA_LOG");
    FILE *log = path != NULL ? fopen(path, "a") : NULL;
    if (log == NULL) {
        return;
    }
    va_list args;
    va_start(args, format);
    vfprintf(log, format, args);
    va_end(args);
    fputc('\n', log);
    fclose(log);
}

typedef struct {
    char name[64];
    char source[256];
    char ptx[512];
    char log[96];
} program;

int nvrtcVersion(int *major, int *minor) {
    *major = 13;
    *minor = 1;
    record("nvrtcVersion");
    return 0;
}

const char *nvrtcGetErrorString(int result) {
    record("nvrtcGetErrorString result=%d", result);
    return "FAKE13_NVRTC_ERROR";
}

int nvrtcCreateProgram(program **prog, const char *src, const char *name, int numHeaders,
                       const char *const *headers, const char *const *includeNames) {
    (void) headers;
    (void) includeNames;
    program *p = calloc(1, sizeof(program));
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->source, sizeof p->source, "%s", src);
    *prog = p;
    record("nvrtcCreateProgram name=%s numHeaders=%d", name, numHeaders);
    return 0;
}

int nvrtcDestroyProgram(program **prog) {
    record("nvrtcDestroyProgram name=%s", (*prog)->name);
    free(*prog);
    *prog = NULL;
    return 0;
}

int nvrtcCompileProgram(program *p, int numOptions, const char *const *options) {
    int used = snprintf(p->ptx, sizeof p->ptx, "// fake ptx of %s:", p->name);
    for (int i = 0; i < numOptions; i++) {
        used += snprintf(p->ptx + used, sizeof p->ptx - used, " %s", options[i]);
    }
    snprintf(p->ptx + used, sizeof p->ptx - used, "\n%s", p->source);
    snprintf(p->log, sizeof p->log, "fake log of %s", p->name);
    record("nvrtcCompileProgram name=%s numOptions=%d", p->name, numOptions);
    return 0;
}

int nvrtcGetProgramLogSize(program *p, size_t *size) {
    *size = strlen(p->log) + 1;
    return 0;
}

int nvrtcGetProgramLog(program *p, char *log) {
    strcpy(log, p->log);
    return 0;
}

int nvrtcGetPTXSize(program *p, size_t *size) {
    *size = strlen(p->ptx) + 1;
    record("nvrtcGetPTXSize name=%s", p->name);
    return 0;
}

int nvrtcGetPTX(program *p, char *ptx) {
    strcpy(ptx, p->ptx);
    record("nvrtcGetPTX name=%s", p->name);
    return 0;
}

int nvrtcGetCUBINSize(program *p, size_t *size) {
    *size = 4;
    record("nvrtcGetCUBINSize name=%s", p->name);
    return 0;
}

int nvrtcGetCUBIN(program *p, char *cubin) {
    memcpy(cubin, "\x7f" "ELF", 4);
    record("nvrtcGetCUBIN name=%s", p->name);
    return 0;
}

int nvrtcAddNameExpression(program *p, const char *expression) {
    record("nvrtcAddNameExpression name=%s expression=%s", p->name, expression);
    return 0;
}

int nvrtcGetLoweredName(program *p, const char *expression, const char **lowered) {
    (void) p;
    *lowered = "_Z6loweredv";
    record("nvrtcGetLoweredName expression=%s", expression);
    return 0;
}

int nvrtcGetNumSupportedArchs(int *count) {
    *count = 2;
    return 0;
}

int nvrtcGetSupportedArchs(int *archs) {
    archs[0] = 75;
    archs[1] = 90;
    return 0;
}
