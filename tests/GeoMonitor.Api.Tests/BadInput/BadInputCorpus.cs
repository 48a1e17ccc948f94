namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>The whole corpus: generated cases plus the hand-written files in BadInput/Files.</summary>
public static class BadInputCorpus
{
    private static readonly Lazy<IReadOnlyDictionary<string, BadCase>> ByName = new(() =>
        RestParameterCases.All().Concat(BodyCases.All()).Concat(GraphQLCases.All()).Concat(TransportCases.All()).Concat(FileCases.All())
            .ToDictionary(c => c.Name, StringComparer.Ordinal));

    /// <summary>Every case by its unique name (a repeated name fails here, loudly).</summary>
    public static IReadOnlyDictionary<string, BadCase> Cases => ByName.Value;

    /// <summary>The case names, as xUnit theory data (names serialize, so every case is a test of its own).</summary>
    public static IEnumerable<object[]> Names() => Cases.Keys.Order(StringComparer.Ordinal).Select(n => new object[] { n });
}
