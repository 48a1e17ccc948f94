namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Carries a null up from a non-null position to the nearest nullable parent (spec 6.4.4 Handling Field Errors).
/// The error itself has already been recorded where it happened, so this carries no message.
/// </summary>
internal sealed class NullPropagation : Exception;
