namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>
/// A filter that cannot be read or does not fit the queryables: a 400 problem naming the <c>filter</c> parameter, the
/// place (<see cref="At"/>) and, for syntax errors, what was expected there.
/// </summary>
public sealed class Cql2Exception(Cql2Location at, string problem, string? expected = null)
    : Exception(expected is null ? $"{problem} (at {at})." : $"{problem} at {at}: expected {expected}.")
{
    /// <summary>Where the problem is.</summary>
    public Cql2Location At { get; } = at;

    /// <summary>What the grammar allows at <see cref="At"/>, for syntax errors.</summary>
    public string? Expected { get; } = expected;

    /// <summary>What is wrong, without the place.</summary>
    public string Problem { get; } = problem;
}
