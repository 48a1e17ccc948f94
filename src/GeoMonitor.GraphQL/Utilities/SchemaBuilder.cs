using System.Runtime.CompilerServices;
using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Utilities;

/// <summary>
/// Builds a <see cref="Schema"/> from SDL text and binds behaviour to it by name:
/// <code>
/// var schema = SchemaBuilder.FromSdl(sdl)
///     .Resolve("Query", "zones", ctx => repository.Zones(ctx.GetArgument&lt;int&gt;("first")))
///     .ResolveType("Node", (value, ctx) => value is Zone ? "Zone" : "Sensor")
///     .Build();
/// </code>
/// Bindings to types or fields the SDL does not define fail in <see cref="Build"/>, so typos surface at startup.
/// </summary>
public sealed class SchemaBuilder
{
    private readonly List<Source> _sources = [];
    private readonly List<(string Type, string Field, FieldResolver Resolver)> _resolvers = [];
    private readonly List<(string Type, string Field, SubscriptionResolver Subscriber)> _subscribers = [];
    private readonly List<(string Type, TypeResolver Resolver)> _typeResolvers = [];
    private readonly List<(string Type, Func<object, bool> Predicate)> _isTypeOf = [];
    private readonly List<(string Type, Type ClrType)> _clrTypes = [];
    private readonly Dictionary<string, ScalarType> _scalars = new(StringComparer.Ordinal);
    private readonly List<(string Type, string Value, object InternalValue)> _enumValues = [];
    private readonly List<(string Type, Type EnumType)> _enumBindings = [];

    private SchemaBuilder()
    {
    }

    /// <summary>Starts a builder from SDL text.</summary>
    public static SchemaBuilder FromSdl(string sdl) => new SchemaBuilder().AddSdl(sdl);

    /// <summary>Adds more SDL, for example type extensions kept in another file.</summary>
    public SchemaBuilder AddSdl(string sdl, string sourceName = "schema")
    {
        _sources.Add(new Source(sdl, sourceName));
        return this;
    }

    /// <summary>Binds a synchronous resolver; it may also return a Task, which is awaited.</summary>
    public SchemaBuilder Resolve(string typeName, string fieldName, Func<ResolveContext, object?> resolver)
    {
        _resolvers.Add((typeName, fieldName, c => new ValueTask<object?>(resolver(c))));
        return this;
    }

    /// <summary>Binds an asynchronous resolver. (ValueTask-returning code can call .AsTask().)</summary>
    public SchemaBuilder Resolve<T>(string typeName, string fieldName, Func<ResolveContext, Task<T>> resolver)
    {
        _resolvers.Add((typeName, fieldName, c => AwaitTask(resolver(c))));
        return this;
    }

    /// <summary>
    /// Binds the source stream of a subscription field. Each event becomes the field's value (after the field's
    /// resolver, if one is bound with <see cref="Resolve(string, string, Func{ResolveContext, object})"/>, maps it).
    /// </summary>
    public SchemaBuilder Subscribe<T>(string typeName, string fieldName, Func<ResolveContext, IAsyncEnumerable<T>> subscribe)
    {
        _subscribers.Add((typeName, fieldName, c => new ValueTask<IAsyncEnumerable<object?>>(Box(subscribe(c), c.CancellationToken))));
        return this;
    }

    /// <summary>Binds the resolver that picks the concrete object type for values of an interface or union; return a type name.</summary>
    public SchemaBuilder ResolveType(string abstractTypeName, Func<object, ResolveContext, string?> resolver)
    {
        _typeResolvers.Add((abstractTypeName, (value, context) => resolver(value, context)));
        return this;
    }

    /// <summary>Sets a predicate telling whether a value belongs to an object type.</summary>
    public SchemaBuilder IsTypeOf(string objectTypeName, Func<object, bool> predicate)
    {
        _isTypeOf.Add((objectTypeName, predicate));
        return this;
    }

    /// <summary>Declares that instances of a CLR type (or its subclasses) are values of an object type.</summary>
    public SchemaBuilder MapClrType<T>(string objectTypeName) => MapClrType(typeof(T), objectTypeName);

    /// <summary>Declares that instances of a CLR type (or its subclasses) are values of an object type.</summary>
    public SchemaBuilder MapClrType(Type clrType, string objectTypeName)
    {
        _clrTypes.Add((objectTypeName, clrType));
        return this;
    }

    /// <summary>Supplies the coercion functions of a custom scalar declared in the SDL.</summary>
    public SchemaBuilder Scalar(string name, ScalarSerializer? serialize, ScalarValueParser? parseValue, ScalarLiteralParser? parseLiteral)
    {
        _scalars[name] = new ScalarType(name, serialize, parseValue, parseLiteral);
        return this;
    }

    /// <summary>Uses a ready-made scalar for the SDL scalar of the same name.</summary>
    public SchemaBuilder Scalar(ScalarType scalar)
    {
        _scalars[scalar.Name] = scalar;
        return this;
    }

    /// <summary>Sets the internal value resolvers see for one enum value (its name by default).</summary>
    public SchemaBuilder EnumValue(string enumTypeName, string valueName, object internalValue)
    {
        _enumValues.Add((enumTypeName, valueName, internalValue));
        return this;
    }

    /// <summary>Maps an enum's values to the members of a CLR enum with the same name, ignoring case and underscores.</summary>
    public SchemaBuilder BindEnum<TEnum>(string enumTypeName)
        where TEnum : struct, Enum
    {
        _enumBindings.Add((enumTypeName, typeof(TEnum)));
        return this;
    }

    /// <summary>Builds and validates the schema.</summary>
    /// <exception cref="GraphQLSyntaxError">The SDL does not parse.</exception>
    /// <exception cref="SchemaException">The SDL or a binding is invalid; all problems are listed.</exception>
    public Schema Build()
    {
        var documents = _sources.Select(s => Parser.Parse(s)).ToList();
        var builder = new SdlTypeBuilder(documents, _scalars);
        builder.Build();
        var errors = builder.Errors;
        T? Find<T>(string name, string what) where T : class
        {
            if (builder.Types.GetValueOrDefault(name) is T t) return t;
            errors.Add($"Cannot bind {what}: \"{name}\" is not {Article(typeof(T))} in the schema.");
            return null;
        }
        FieldDefinition? FindField(string type, string field, string what)
        {
            var complex = Find<ComplexType>(type, what);
            if (complex is null) return null;
            var definition = complex.GetField(field);
            if (definition is null) errors.Add($"Cannot bind {what}: type \"{type}\" has no field \"{field}\".");
            return definition;
        }
        foreach (var (type, field, resolver) in _resolvers)
        {
            if (FindField(type, field, "resolver") is { } f) f.Resolver = resolver;
        }
        foreach (var (type, field, subscriber) in _subscribers)
        {
            if (FindField(type, field, "subscription") is { } f) f.Subscriber = subscriber;
        }
        foreach (var (type, resolver) in _typeResolvers)
        {
            if (Find<IAbstractType>(type, "type resolver") is { } t) t.ResolveType = resolver;
        }
        foreach (var (type, predicate) in _isTypeOf)
        {
            if (Find<ObjectType>(type, "isTypeOf") is { } t) t.IsTypeOf = predicate;
        }
        foreach (var (type, clrType) in _clrTypes)
        {
            Find<ObjectType>(type, "CLR type")?.ClrTypes.Add(clrType);
        }
        foreach (var name in _scalars.Keys)
        {
            Find<ScalarType>(name, "scalar");
        }
        foreach (var (type, clrEnum) in _enumBindings)
        {
            if (Find<EnumType>(type, "enum") is not { } enumType) continue;
            foreach (var value in enumType.Values)
            {
                var member = Enum.GetNames(clrEnum).FirstOrDefault(n => Normalize(n) == Normalize(value.Name));
                if (member is null) errors.Add($"Cannot bind enum: {clrEnum.Name} has no member for {enumType.Name}.{value.Name}.");
                else value.Value = Enum.Parse(clrEnum, member);
            }
        }
        foreach (var (type, valueName, internalValue) in _enumValues)
        {
            if (Find<EnumType>(type, "enum value") is not { } enumType) continue;
            var value = enumType.GetValue(valueName);
            if (value is null) errors.Add($"Cannot bind enum value: \"{type}\" has no value \"{valueName}\".");
            else value.Value = internalValue;
        }
        if (errors.Count > 0) throw new SchemaException(errors);
        return new Schema(
            builder.Query,
            builder.Mutation,
            builder.Subscription,
            builder.Types.Values,
            builder.Directives,
            builder.SchemaDefinition?.Description?.Value)
        {
            AstNode = builder.SchemaDefinition,
        };
    }

    private static string Article(Type t) => t == typeof(ComplexType) ? "an object or interface type"
        : t == typeof(IAbstractType) ? "an interface or union"
        : t == typeof(ObjectType) ? "an object type"
        : t == typeof(ScalarType) ? "a scalar"
        : "an enum";

    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static ValueTask<object?> AwaitTask<T>(Task<T> task) =>
        task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : AwaitSlow(task);

    private static async ValueTask<object?> AwaitSlow<T>(Task<T> task) => await task;

    private static async IAsyncEnumerable<object?> Box<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in source.WithCancellation(cancellationToken)) yield return item;
    }
}
