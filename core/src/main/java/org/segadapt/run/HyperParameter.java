package org.segadapt.run;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One hyper-parameter, declared once in {@link HyperParameters}: its name in {@code config.yaml} and presets, the
 * papers' symbol, the command-line option, what it means, the methods it applies to, its default (per method where
 * the papers differ) and its range. The CLI options and their {@code --help} defaults, {@link Recipes#defaults} and
 * the typed recipes ({@link MethodSpec}) derive from it.
 *
 * @param perMethod defaults that differ from {@code value} for some methods
 * @param min       smallest allowed value of a number (null: none)
 * @param max       largest allowed value of a number (null: none)
 */
public record HyperParameter(String key, String symbol, String option, Class<?> type, Object value, Map<String, Object> perMethod,
        Set<String> methods, Double min, Double max, String doc) {

    /** The default for {@code method}. */
    public Object defaultFor(String method) {
        return perMethod.getOrDefault(method, value);
    }

    public boolean appliesTo(String method) {
        return methods.contains(method);
    }

    /** Refuses a value outside the range or of the wrong kind; {@code where} names it (an option, a preset, --set). */
    public Object check(Object v, String where) {
        if (type == String.class || v == null) {
            return v;
        }
        if (type == Boolean.class) {
            if (!(v instanceof Boolean) && !"true".equals(String.valueOf(v)) && !"false".equals(String.valueOf(v))) {
                throw new IllegalArgumentException(where + ": " + key + " must be true or false, got '" + v + "'");
            }
            return Boolean.valueOf(String.valueOf(v));
        }
        double x;
        try {
            x = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + key + " must be a number, got '" + v + "'");
        }
        if (Double.isNaN(x) || min != null && x < min || max != null && x > max || type == Integer.class && x != Math.rint(x)) {
            throw new IllegalArgumentException(where + ": " + key + " (" + symbol + ") must be " + range() + ", got " + v);
        }
        return type == Integer.class ? (Object) (int) x : (Object) x;
    }

    /** "a number in [0, 1]", "an integer >= 1", … for messages and --help. */
    public String range() {
        String kind = type == Integer.class ? "an integer" : "a number";
        if (min != null && max != null) {
            return kind + " in [" + fmt(min) + ", " + fmt(max) + "]";
        }
        return min != null ? kind + " >= " + fmt(min) : max != null ? kind + " <= " + fmt(max) : kind;
    }

    /** The --help text: symbol, meaning, defaults by method. */
    public String help() {
        String defaults = perMethod.isEmpty() ? String.valueOf(value)
                : perMethod.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                        + (methods.size() > perMethod.size() ? ", otherwise " + value : "");
        String where = methods.size() <= 2 ? String.join("/", methods) + ": " : "";
        return where + symbol + ", " + doc + " (default: " + defaults + ")";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
