namespace GeoMonitor.GraphQL.Types;

/// <summary>Thrown when a schema cannot be built or is invalid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class SchemaException : Exception
{
    /// <summary>Creates the exception for one problem.</summary>
    public SchemaException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception for several problems.</summary>
    public SchemaException(IReadOnlyList<string> errors)
        : base(errors.Count == 1 ? errors[0] : "Invalid schema:\n" + string.Join("\n", errors.Select(e => "  - " + e)))
    {
        Errors = errors;
    }

    /// <summary>The problems found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
