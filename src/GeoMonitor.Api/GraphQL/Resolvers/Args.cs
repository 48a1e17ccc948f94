using GeoMonitor.GraphQL.Execution;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>Typed access to coerced arguments (the custom scalars have already parsed and range-checked them).</summary>
internal static class Args
{
    public static T? Value<T>(this ResolveContext ctx, string name) where T : class =>
        ctx.Arguments.TryGetValue(name, out var v) ? v as T : null;

    public static T? Struct<T>(this ResolveContext ctx, string name) where T : struct =>
        ctx.Arguments.TryGetValue(name, out var v) && v is T t ? t : null;

    public static IReadOnlyDictionary<string, object?>? Input(this ResolveContext ctx, string name) =>
        ctx.Arguments.TryGetValue(name, out var v) ? v as IReadOnlyDictionary<string, object?> : null;

    public static double Double(this ResolveContext ctx, string name) =>
        Convert.ToDouble(ctx.Arguments[name], System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<string>? Strings(this ResolveContext ctx, string name) =>
        ctx.Arguments.TryGetValue(name, out var v) && v is System.Collections.IEnumerable e and not string
            ? e.Cast<object?>().OfType<string>().Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } l ? l : null
            : null;
}
