package io.s4stream.audio.cli;

import io.s4stream.audio.record.AudioEncoding;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code s16le} / {@code f32le} for picocli. */
public final class EncodingConverter implements ITypeConverter<AudioEncoding> {
    @Override
    public AudioEncoding convert(String value) {
        try {
            return AudioEncoding.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
