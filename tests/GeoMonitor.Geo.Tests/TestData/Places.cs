namespace GeoMonitor.Geo.Tests.TestData;

/// <summary>Theory data keyed by name, so every place shows as its own test case.</summary>
internal static class Places
{
    public static ReferencePlace Get(string name) => References.All.Single(p => p.Name == name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var place in References.All)
        {
            data.Add(place.Name);
        }

        return data;
    }
}
