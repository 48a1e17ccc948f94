using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL;

/// <summary>
/// An exception a resolver can throw to control the error the client sees: its message is shown as is
/// and <see cref="Extensions"/> (for example a "code") is copied to the error's "extensions".
/// Other exceptions are reported with their message too, since resolvers are application code.
/// </summary>
public class GraphQLException : Exception
{
    /// <summary>Creates an exception with a message and optional extensions.</summary>
    public GraphQLException(string message, IReadOnlyDictionary<string, object?>? extensions = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Extensions = extensions;
    }

    /// <summary>Creates an exception whose extensions hold just a "code".</summary>
    public GraphQLException(string message, string code)
        : this(message, new Dictionary<string, object?> { ["code"] = code })
    {
    }

    /// <summary>Extra data for the error's "extensions" entry.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; }

    /// <summary>Source locations to report; null means the engine picks the field's location.</summary>
    public IReadOnlyList<SourceLocation>? Locations { get; init; }

    /// <summary>Converts the exception to a response error.</summary>
    public GraphQLError ToError(IReadOnlyList<object>? path = null) => new(Message, Locations, path, Extensions);
}
