using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// The resolver used when none is bound: reads the field from a dictionary (exact key first, then ignoring case),
/// a JsonElement object, or a CLR object's public property or field matched without regard to case.
/// </summary>
public static class DefaultResolver
{
    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>?> Accessors = new();

    /// <summary>Reads a member named fieldName from source; null when there is none.</summary>
    public static object? Resolve(object? source, string fieldName)
    {
        switch (source)
        {
            case null:
                return null;
            case IReadOnlyDictionary<string, object?> ro:
                if (ro.TryGetValue(fieldName, out var v1)) return v1;
                foreach (var kv in ro)
                {
                    if (string.Equals(kv.Key, fieldName, StringComparison.OrdinalIgnoreCase)) return kv.Value;
                }
                return null;
            case IDictionary<string, object?> d:
                if (d.TryGetValue(fieldName, out var v2)) return v2;
                foreach (var kv in d)
                {
                    if (string.Equals(kv.Key, fieldName, StringComparison.OrdinalIgnoreCase)) return kv.Value;
                }
                return null;
            case JsonElement { ValueKind: JsonValueKind.Object } e:
                if (e.TryGetProperty(fieldName, out var p)) return p;
                foreach (var prop in e.EnumerateObject())
                {
                    if (string.Equals(prop.Name, fieldName, StringComparison.OrdinalIgnoreCase)) return prop.Value;
                }
                return null;
            case IDictionary legacy:
                return legacy.Contains(fieldName) ? legacy[fieldName] : null;
            default:
                var accessor = Accessors.GetOrAdd((source.GetType(), fieldName), static k => CreateAccessor(k.Item1, k.Item2));
                return accessor?.Invoke(source);
        }
    }

    /// <summary>
    /// The compiled member reader <see cref="Resolve"/> uses for a plain CLR object of <paramref name="type"/>; null
    /// when the type is read another way (dictionaries, JSON elements) or has no such member.
    /// </summary>
    internal static Func<object, object?>? MemberAccessor(Type type, string fieldName)
    {
        if (typeof(IReadOnlyDictionary<string, object?>).IsAssignableFrom(type) || typeof(IDictionary<string, object?>).IsAssignableFrom(type)
            || type == typeof(JsonElement) || typeof(IDictionary).IsAssignableFrom(type))
            return null;
        return Accessors.GetOrAdd((type, fieldName), static k => CreateAccessor(k.Item1, k.Item2));
    }

    /// <summary>The declared type of the member <see cref="MemberAccessor"/> reads; null when there is none.</summary>
    internal static Type? MemberType(Type type, string fieldName) => FindMember(type, fieldName) switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        _ => null,
    };

    private static MemberInfo? FindMember(Type type, string name)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;
        MemberInfo? member = type.GetProperties(flags)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Name == name ? 0 : 1)
            .FirstOrDefault();
        return member ?? type.GetFields(flags).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private static Func<object, object?>? CreateAccessor(Type type, string name)
    {
        var member = FindMember(type, name);
        if (member is null) return null;
        var parameter = Expression.Parameter(typeof(object), "source");
        var access = Expression.MakeMemberAccess(Expression.Convert(parameter, type), member);
        // Small whole numbers and booleans come from shared boxes: a page of N objects reads several such fields each.
        Expression boxed = access.Type == typeof(int) ? Expression.Call(BoxInt, access)
            : access.Type == typeof(bool) ? Expression.Call(BoxBool, access)
            : Expression.Convert(access, typeof(object));
        return Expression.Lambda<Func<object, object?>>(boxed, parameter).Compile();
    }

    private static readonly MethodInfo BoxInt = typeof(DefaultResolver).GetMethod(nameof(Box), BindingFlags.NonPublic | BindingFlags.Static, [typeof(int)])!;

    private static readonly MethodInfo BoxBool = typeof(DefaultResolver).GetMethod(nameof(Box), BindingFlags.NonPublic | BindingFlags.Static, [typeof(bool)])!;

    private static readonly object[] SmallInts = [.. Enumerable.Range(-128, 1152).Select(i => (object)i)];

    private static readonly object True = true, False = false;

    private static object Box(int value) => value is >= -128 and < 1024 ? SmallInts[value + 128] : value;

    private static object Box(bool value) => value ? True : False;
}
