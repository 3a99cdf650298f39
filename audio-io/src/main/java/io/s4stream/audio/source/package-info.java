/**
 * Sources of interleaved float audio for publishing: decoded files, raw PCM streams, microphone.
 */
package io.s4stream.audio.source;
