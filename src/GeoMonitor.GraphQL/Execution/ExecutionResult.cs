using System.Text;
using System.Text.Json;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>A response (spec 7.1 Response Format): data, errors and extensions.</summary>
/// <remarks>
/// Disposing gives back the pooled buffers that lists written while they streamed are held in
/// (<see cref="ExecutionOptions.SerializeStreamedLists"/>); a transport disposes the result once it is written, and
/// nothing may read or write it afterwards. A result that is never disposed leaves them to the garbage collector.
/// </remarks>
public sealed class ExecutionResult : IDisposable
{
    private List<ListJsonBuffer>? _buffers;

    /// <summary>Creates a result.</summary>
    public ExecutionResult(
        IReadOnlyDictionary<string, object?>? data,
        IReadOnlyList<GraphQLError>? errors,
        bool hasData,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        Data = data;
        Errors = errors is { Count: > 0 } ? errors : null;
        HasData = hasData;
        Extensions = extensions;
    }

    /// <summary>A request error: errors and no "data" entry, since execution never started (spec 7.1.1).</summary>
    public static ExecutionResult RequestError(params GraphQLError[] errors) => new(null, errors, hasData: false);

    /// <summary>A request error with several errors.</summary>
    public static ExecutionResult RequestError(IReadOnlyList<GraphQLError> errors) => new(null, errors, hasData: false);

    /// <summary>The data; null when execution failed at the root or never ran.</summary>
    public IReadOnlyDictionary<string, object?>? Data { get; }

    /// <summary>Whether the response has a "data" entry (possibly null): true once execution started.</summary>
    public bool HasData { get; }

    /// <summary>Errors, or null when there were none.</summary>
    public IReadOnlyList<GraphQLError>? Errors { get; }

    /// <summary>Response extensions.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; }

    internal void Hold(List<ListJsonBuffer>? buffers) => _buffers = buffers;

    /// <inheritdoc />
    public void Dispose()
    {
        var buffers = Interlocked.Exchange(ref _buffers, null);
        if (buffers is null) return;
        foreach (var b in buffers) b.Release();
    }

    /// <summary>Writes the result as JSON, "errors" first, then "data", then "extensions".</summary>
    public void WriteTo(Utf8JsonWriter writer) => ResultJsonWriter.Write(writer, this);

    /// <summary>The result as a JSON string.</summary>
    public string ToJson(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = ResultJsonWriter.Encoder }))
        {
            WriteTo(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
