namespace GeoMonitor.GraphQL.Execution;

/// <summary>
/// Carries a field error up from a non-null position to the nearest nullable parent (spec 6.4.4 Handling Field
/// Errors), where it is recorded and the parent becomes null. As in graphql-js, the error keeps the path where it
/// happened and is recorded once, where the propagation stops: a second error that would null the same parent after
/// the first one did is not recorded.
/// </summary>
internal sealed class NullPropagation(GraphQLError error) : Exception(error.Message)
{
    /// <summary>The error, located where it happened.</summary>
    public GraphQLError Error { get; } = error;
}
