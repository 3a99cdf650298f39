/** ONNX graphs written from Java: a protobuf writer, a graph builder and the S4 model compiler. */
package io.s4stream.models.onnx;
