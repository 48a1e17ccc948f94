using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>What a refused request must look like.</summary>
public enum Refusal
{
    /// <summary>A 4xx application/problem+json.</summary>
    Problem,
    /// <summary>A GraphQL error response (errors, no data) or, for a request that is not GraphQL at all, a 4xx problem.</summary>
    GraphQL,
}

/// <summary>
/// One malformed request of the corpus. The body is made on demand (an HttpContent is sent once, and some bodies are
/// tens of megabytes).
/// </summary>
/// <param name="Name">Unique and readable: family/target/what.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query, sent as given.</param>
/// <param name="Body">Makes the body, or null for none.</param>
/// <param name="Role">Who sends it (a role high enough that the request reaches the parsing under test).</param>
/// <param name="Expect">The form of the refusal.</param>
/// <param name="Headers">Extra request headers.</param>
public sealed record BadCase(
    string Name, string Method, string Path, Func<HttpContent>? Body = null, Role Role = Role.Reporter,
    Refusal Expect = Refusal.Problem, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
