package io.s4stream.models.runtime;

/** Where ONNX Runtime executes a model. */
public enum Device {
    /** The CPU execution provider. */
    CPU,
    /** The CUDA execution provider; falls back to CPU with one log line when CUDA is missing. */
    CUDA
}
