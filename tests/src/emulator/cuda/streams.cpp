// Streams, events, stream capture and graphs. There is no concurrency: work submitted to any
// stream runs at once on the calling thread, which is a legal order for every stream. While a
// stream captures, its work is appended to a graph instead (a list of closures holding copies of
// the arguments), and launching an instantiated graph runs that list in order.
#include <memory>

#include "driver.h"

namespace hc {

std::set<HcStream*> streams;
std::set<HcEvent*> events;
std::set<HcGraph*> graphs;
std::set<HcGraphExec*> graphExecs;

static HcStream defaultStream;

HcStream* resolveStream(CUstream stream) {
  uintptr_t value = (uintptr_t) stream;
  if (value <= 2) {  // 0, CU_STREAM_LEGACY, CU_STREAM_PER_THREAD
    return &defaultStream;
  }
  return streams.count(stream) != 0 ? stream : nullptr;
}

/** A capture this thread's synchronous calls must not disturb (all but relaxed ones of other threads). */
static bool prohibits(const HcStream* stream) {
  return stream->capturing &&
         (stream->captureMode == CU_STREAM_CAPTURE_MODE_GLOBAL ||
          (stream->captureMode == CU_STREAM_CAPTURE_MODE_THREAD_LOCAL &&
           stream->captureThread == std::this_thread::get_id()));
}

CUresult checkNotCapturing(CUresult error) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  bool prohibited = false;
  for (HcStream* stream : streams) {
    if (prohibits(stream)) {
      stream->invalidated = true;
      prohibited = true;
    }
  }
  return prohibited ? error : CUDA_SUCCESS;
}

CUresult submit(CUstream handle, std::function<void()> work) {
  {
    std::lock_guard<std::recursive_mutex> guard(driverLock);
    HcStream* stream = resolveStream(handle);
    if (stream == nullptr) {
      return CUDA_ERROR_INVALID_HANDLE;
    }
    if (stream->capturing) {
      if (stream->invalidated) {
        return CUDA_ERROR_STREAM_CAPTURE_INVALIDATED;
      }
      stream->graph->operations.push_back(std::move(work));
      return CUDA_SUCCESS;
    }
    if (stream == &defaultStream) {
      // The legacy stream waits for every blocking stream, which a capturing one cannot allow.
      for (HcStream* other : streams) {
        if (other->capturing && other->flags == 0) {
          other->invalidated = true;
          return CUDA_ERROR_STREAM_CAPTURE_IMPLICIT;
        }
      }
    }
  }
  work();
  return CUDA_SUCCESS;
}

}  // namespace hc

using namespace hc;

HC_EXPORT int hcEmuEnqueue(CUstream stream, void (*run)(void*), const void* data, size_t size) {
  auto copy = std::make_shared<std::vector<unsigned char>>((const unsigned char*) data, (const unsigned char*) data + size);
  return submit(stream, [run, copy] { run(copy->data()); });
}

// --- streams

HC_EXPORT CUresult cuStreamCreate(CUstream* stream, unsigned flags) {
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS) {
    return status;
  }
  if (stream == nullptr || flags > 1) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  HcStream* created = new HcStream();
  created->flags = flags;
  streams.insert(created);
  *stream = created;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuStreamDestroy_v2(CUstream stream) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (streams.erase(stream) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  delete stream->graph;
  delete stream;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuStreamSynchronize(CUstream handle) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  HcStream* stream = resolveStream(handle);
  if (stream == nullptr) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  if (stream->capturing) {
    stream->invalidated = true;
    return CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED;
  }
  return checkNotCapturing(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED);
}

HC_EXPORT CUresult cuStreamBeginCapture_v2(CUstream handle, int mode) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  HcStream* stream = resolveStream(handle);
  if (stream == nullptr) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  if (stream == &defaultStream) {
    return CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED;
  }
  if (mode < CU_STREAM_CAPTURE_MODE_GLOBAL || mode > CU_STREAM_CAPTURE_MODE_RELAXED) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (stream->capturing) {
    return CUDA_ERROR_ILLEGAL_STATE;
  }
  stream->capturing = true;
  stream->invalidated = false;
  stream->captureMode = mode;
  stream->captureThread = std::this_thread::get_id();
  stream->graph = new HcGraph();
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuStreamEndCapture(CUstream handle, CUgraph* graph) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  HcStream* stream = resolveStream(handle);
  if (stream == nullptr) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  if (graph == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (!stream->capturing) {
    return CUDA_ERROR_ILLEGAL_STATE;
  }
  if (stream->captureMode != CU_STREAM_CAPTURE_MODE_RELAXED && stream->captureThread != std::this_thread::get_id()) {
    return CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD;
  }
  HcGraph* captured = stream->graph;
  bool invalidated = stream->invalidated;
  stream->capturing = false;
  stream->invalidated = false;
  stream->graph = nullptr;
  if (invalidated) {
    delete captured;
    *graph = nullptr;
    return CUDA_ERROR_STREAM_CAPTURE_INVALIDATED;
  }
  graphs.insert(captured);
  *graph = captured;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuStreamIsCapturing(CUstream handle, int* status) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  HcStream* stream = resolveStream(handle);
  if (stream == nullptr) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  if (status == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  *status = !stream->capturing ? CU_STREAM_CAPTURE_STATUS_NONE
            : stream->invalidated ? CU_STREAM_CAPTURE_STATUS_INVALIDATED
                                  : CU_STREAM_CAPTURE_STATUS_ACTIVE;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuStreamWaitEvent(CUstream handle, CUevent event, unsigned flags) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  HcStream* stream = resolveStream(handle);
  if (stream == nullptr || events.count(event) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  if (flags != 0) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  // Work runs when it is submitted, so whatever the event marks has already happened. A
  // capturing stream would need a cross-stream dependency edge, which is not emulated.
  if (stream->capturing) {
    stream->invalidated = true;
    return CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED;
  }
  return CUDA_SUCCESS;
}

// --- events: a timestamp taken when the stream reaches the record, which is at once

HC_EXPORT CUresult cuEventCreate(CUevent* event, unsigned flags) {
  CUresult status = checkContext();
  if (status != CUDA_SUCCESS) {
    return status;
  }
  // BLOCKING_SYNC 1, DISABLE_TIMING 2, INTERPROCESS 4 (which needs DISABLE_TIMING).
  if (event == nullptr || (flags & ~7u) != 0 || ((flags & 4) != 0 && (flags & 2) == 0)) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  HcEvent* created = new HcEvent();
  created->flags = flags;
  events.insert(created);
  *event = created;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuEventRecord(CUevent event, CUstream stream) {
  {
    std::lock_guard<std::recursive_mutex> guard(driverLock);
    if (events.count(event) == 0) {
      return CUDA_ERROR_INVALID_HANDLE;
    }
  }
  return submit(stream, [event] {
    std::lock_guard<std::recursive_mutex> guard(driverLock);
    if (events.count(event) != 0) {
      event->recorded = true;
      event->milliseconds = nowMilliseconds();
    }
  });
}

HC_EXPORT CUresult cuEventSynchronize(CUevent event) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (events.count(event) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  return checkNotCapturing(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED);
}

HC_EXPORT CUresult cuEventElapsedTime(float* milliseconds, CUevent start, CUevent end) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (milliseconds == nullptr) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (events.count(start) == 0 || events.count(end) == 0 || !start->recorded || !end->recorded ||
      ((start->flags | end->flags) & CU_EVENT_DISABLE_TIMING) != 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  *milliseconds = (float) (end->milliseconds - start->milliseconds);
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuEventDestroy_v2(CUevent event) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (events.erase(event) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  delete event;
  return CUDA_SUCCESS;
}

// --- graphs

HC_EXPORT CUresult cuGraphInstantiateWithFlags(CUgraphExec* exec, CUgraph graph, unsigned long long flags) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (exec == nullptr || (flags & ~15ULL) != 0) {
    return CUDA_ERROR_INVALID_VALUE;
  }
  if (graphs.count(graph) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  HcGraphExec* created = new HcGraphExec();
  created->operations = graph->operations;
  graphExecs.insert(created);
  *exec = created;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuGraphLaunch(CUgraphExec exec, CUstream stream) {
  std::vector<std::function<void()>> operations;
  {
    std::lock_guard<std::recursive_mutex> guard(driverLock);
    if (graphExecs.count(exec) == 0) {
      return CUDA_ERROR_INVALID_HANDLE;
    }
    operations = exec->operations;
  }
  // Into a capturing stream the whole graph becomes one recorded step, as a child graph would.
  return submit(stream, [operations] {
    for (const std::function<void()>& operation : operations) {
      operation();
    }
  });
}

HC_EXPORT CUresult cuGraphExecDestroy(CUgraphExec exec) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (graphExecs.erase(exec) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  delete exec;
  return CUDA_SUCCESS;
}

HC_EXPORT CUresult cuGraphDestroy(CUgraph graph) {
  std::lock_guard<std::recursive_mutex> guard(driverLock);
  if (graphs.erase(graph) == 0) {
    return CUDA_ERROR_INVALID_HANDLE;
  }
  delete graph;
  return CUDA_SUCCESS;
}
