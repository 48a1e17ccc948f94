using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL;

/// <summary>One entry of a response's "errors" list (spec 7.1.2 Errors).</summary>
public sealed class GraphQLError
{
    /// <summary>Creates an error.</summary>
    public GraphQLError(
        string message,
        IReadOnlyList<SourceLocation>? locations = null,
        IReadOnlyList<object>? path = null,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        Message = message;
        Locations = locations is { Count: > 0 } ? locations : null;
        Path = path;
        Extensions = extensions is { Count: > 0 } ? extensions : null;
    }

    /// <summary>A description of the error for the client developer.</summary>
    public string Message { get; }

    /// <summary>Where in the request document the error applies, if anywhere.</summary>
    public IReadOnlyList<SourceLocation>? Locations { get; }

    /// <summary>The response path (field names and list indices) of the field that failed, for field errors.</summary>
    public IReadOnlyList<object>? Path { get; }

    /// <summary>Implementation-specific details such as a machine-readable "code".</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; }

    /// <summary>Creates an error located at the given AST nodes.</summary>
    public static GraphQLError At(string message, params Node?[] nodes) =>
        new(message, nodes.Where(n => n?.Location is not null).Select(n => n!.Location!.StartLocation).ToList());

    /// <summary>Creates an error with an extensions.code, the usual shape for request-level rejections.</summary>
    public static GraphQLError WithCode(string message, string code, IReadOnlyList<SourceLocation>? locations = null) =>
        new(message, locations, null, new Dictionary<string, object?> { ["code"] = code });

    /// <inheritdoc />
    public override string ToString() =>
        Locations is null ? Message : $"{Message} ({string.Join(", ", Locations.Select(l => $"{l.Line}:{l.Column}"))})";
}
