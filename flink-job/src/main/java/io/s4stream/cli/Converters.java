package io.s4stream.cli;

import io.s4stream.models.runtime.Device;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.TimeUtils;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** Command-line value converters: durations like {@code 20ms} or {@code 5 min}, lenient enums. */
final class Converters {

    private Converters() {}

    /** {@code 20ms}, {@code 5 s}, {@code 5min}, {@code 1h} (Flink's duration syntax). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return TimeUtils.parseDuration(value);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a duration such as 20ms, 10s or 5min");
            }
        }
    }

    /** {@code cpu} or {@code cuda}, any case. */
    static final class DeviceConverter implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            return lenientEnum(Device.class, value);
        }
    }

    /** {@code at-least-once}, {@code exactly-once} or {@code none}, any case, '-' or '_'. */
    static final class GuaranteeConverter implements ITypeConverter<DeliveryGuarantee> {
        @Override
        public DeliveryGuarantee convert(String value) {
            return lenientEnum(DeliveryGuarantee.class, value);
        }
    }

    private static <E extends Enum<E>> E lenientEnum(Class<E> type, String value) {
        String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new TypeConversionException(
                "'"
                        + value
                        + "' is not one of "
                        + Arrays.toString(
                                Arrays.stream(type.getEnumConstants())
                                        .map(
                                                e ->
                                                        e.name()
                                                                .toLowerCase(Locale.ROOT)
                                                                .replace('_', '-'))
                                        .toArray()));
    }
}
