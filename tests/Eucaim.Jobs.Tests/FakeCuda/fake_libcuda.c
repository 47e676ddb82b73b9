/*
 * A stand-in for the NVIDIA driver's libcuda, for the CUDA mode of the sample job on machines without a
 * GPU: the entry points the sample binds, with the driver's signatures and result codes. Two devices,
 * filtered by CUDA_VISIBLE_DEVICES the way the driver does (a list of indices, cut at the first invalid
 * one; empty: no device). "Launching" saxpy runs it on the CPU with the parameters exactly as passed,
 * so a wrong parameter order, pointer or grid size shows up as wrong numbers. FAKE_CUDA_CORRUPT=1
 * makes one element wrong; FAKE_CUDA_BAD_PTX=1 makes the module load fail with a compiler log.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEVICES 2
enum { SUCCESS = 0, INVALID_VALUE = 1, NOT_INITIALIZED = 3, NO_DEVICE = 100, INVALID_DEVICE = 101, INVALID_PTX = 218, NOT_FOUND = 500 };

static int visible[DEVICES];
static int visible_count = -1;

int cuInit(unsigned int flags) {
    if (flags != 0) return INVALID_VALUE;
    const char *env = getenv("CUDA_VISIBLE_DEVICES");
    visible_count = 0;
    if (env == NULL) {
        for (int i = 0; i < DEVICES; i++) visible[visible_count++] = i;
    } else {
        const char *p = env;
        while (*p && visible_count < DEVICES) {
            char *end;
            long index = strtol(p, &end, 10);
            if (end == p || index < 0 || index >= DEVICES) break;
            visible[visible_count++] = (int)index;
            p = *end == ',' ? end + 1 : end;
            if (*end != ',' && *end != '\0') break;
        }
    }
    return visible_count == 0 ? NO_DEVICE : SUCCESS;
}

int cuDriverGetVersion(int *version) { *version = 13000; return SUCCESS; }

int cuDeviceGetCount(int *count) {
    if (visible_count < 0) return NOT_INITIALIZED;
    *count = visible_count;
    return SUCCESS;
}

int cuDeviceGet(int *device, int ordinal) {
    if (visible_count < 0) return NOT_INITIALIZED;
    if (ordinal < 0 || ordinal >= visible_count) return INVALID_DEVICE;
    *device = visible[ordinal];
    return SUCCESS;
}

int cuDeviceGetName(char *name, int length, int device) {
    snprintf(name, (size_t)length, "Fake GPU %d", device);
    return SUCCESS;
}

/* Device d's UUID is the 16 bytes 0xa0 + 16d + i: GPU-a0a1a2a3-… for device 0, GPU-b0b1b2b3-… for device 1. */
int cuDeviceGetUuid_v2(unsigned char *uuid, int device) {
    for (int i = 0; i < 16; i++) uuid[i] = (unsigned char)(0xa0 + 16 * device + i);
    return SUCCESS;
}

int cuDeviceGetUuid(unsigned char *uuid, int device) { return cuDeviceGetUuid_v2(uuid, device); }

int cuDeviceTotalMem_v2(size_t *bytes, int device) { *bytes = (size_t)80 << 30; (void)device; return SUCCESS; }

int cuDeviceGetAttribute(int *value, int attribute, int device) {
    (void)device;
    if (attribute == 75) { *value = 9; return SUCCESS; }
    if (attribute == 76) { *value = 0; return SUCCESS; }
    return INVALID_VALUE;
}

static int context_token;
int cuCtxCreate_v2(void **context, unsigned int flags, int device) { (void)flags; (void)device; *context = &context_token; return SUCCESS; }
int cuCtxDestroy_v2(void *context) { return context == &context_token ? SUCCESS : INVALID_VALUE; }
int cuCtxSynchronize(void) { return SUCCESS; }

static int module_token;
int cuModuleLoadDataEx(void **module, const void *image, unsigned int count, int *options, void **values) {
    const char *log = getenv("FAKE_CUDA_BAD_PTX") ? "ptxas fatal   : fake compiler refused the module" : NULL;
    if (log == NULL && strstr((const char *)image, ".entry saxpy(") == NULL) log = "ptxas fatal   : no .entry saxpy";
    if (log == NULL) { *module = &module_token; return SUCCESS; }
    char *buffer = NULL;
    size_t size = 0;
    for (unsigned int i = 0; i < count; i++) {
        if (options[i] == 5) buffer = values[i];
        if (options[i] == 6) size = (size_t)(uintptr_t)values[i];
    }
    if (buffer != NULL && size > 0) snprintf(buffer, size, "%s", log);
    return INVALID_PTX;
}

int cuModuleUnload(void *module) { return module == &module_token ? SUCCESS : INVALID_VALUE; }

static int function_token;
int cuModuleGetFunction(void **function, void *module, const char *name) {
    if (module != &module_token) return INVALID_VALUE;
    if (strcmp(name, "saxpy") != 0) return NOT_FOUND;
    *function = &function_token;
    return SUCCESS;
}

int cuMemAlloc_v2(uint64_t *pointer, size_t bytes) {
    void *memory = malloc(bytes);
    *pointer = (uint64_t)(uintptr_t)memory;
    return memory == NULL ? 2 : SUCCESS;
}

int cuMemFree_v2(uint64_t pointer) { free((void *)(uintptr_t)pointer); return SUCCESS; }
int cuMemcpyHtoD_v2(uint64_t destination, const void *source, size_t bytes) { memcpy((void *)(uintptr_t)destination, source, bytes); return SUCCESS; }
int cuMemcpyDtoH_v2(void *destination, uint64_t source, size_t bytes) { memcpy(destination, (const void *)(uintptr_t)source, bytes); return SUCCESS; }

int cuLaunchKernel(void *function, unsigned int gridX, unsigned int gridY, unsigned int gridZ,
                   unsigned int blockX, unsigned int blockY, unsigned int blockZ, unsigned int sharedBytes,
                   void *stream, void **parameters, void **extra) {
    (void)stream;
    if (function != &function_token || parameters == NULL || extra != NULL || sharedBytes != 0) return INVALID_VALUE;
    if (gridY != 1 || gridZ != 1 || blockY != 1 || blockZ != 1 || blockX == 0 || blockX > 1024) return INVALID_VALUE;
    unsigned int n = *(unsigned int *)parameters[0];
    float a = *(float *)parameters[1];
    const float *x = (const float *)(uintptr_t)*(uint64_t *)parameters[2];
    float *y = (float *)(uintptr_t)*(uint64_t *)parameters[3];
    uint64_t threads = (uint64_t)gridX * blockX;
    for (uint64_t i = 0; i < n && i < threads; i++) y[i] = fmaf(a, x[i], y[i]);
    if (getenv("FAKE_CUDA_CORRUPT") && n > 0) y[n / 2] += 1.0f;
    return SUCCESS;
}

int cuGetErrorName(int result, const char **name) {
    switch (result) {
    case SUCCESS: *name = "CUDA_SUCCESS"; return SUCCESS;
    case NO_DEVICE: *name = "CUDA_ERROR_NO_DEVICE"; return SUCCESS;
    case INVALID_PTX: *name = "CUDA_ERROR_INVALID_PTX"; return SUCCESS;
    case INVALID_VALUE: *name = "CUDA_ERROR_INVALID_VALUE"; return SUCCESS;
    default: *name = NULL; return INVALID_VALUE;
    }
}

int cuGetErrorString(int result, const char **text) {
    switch (result) {
    case INVALID_PTX: *text = "a PTX JIT compilation failed"; return SUCCESS;
    default: return cuGetErrorName(result, text);
    }
}
