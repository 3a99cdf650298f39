/**
 * The Kafka record format for audio: headers, encodings, and the codec between records and {@link
 * io.s4stream.audio.record.AudioChunk}.
 */
package io.s4stream.audio.record;
