namespace GeoMonitor.Api.Features.Common;

/// <summary>What a write use case did, from a closed set: created, changed, unchanged, or refused (with why).</summary>
/// <typeparam name="T">What the write returns when it is done.</typeparam>
public abstract record Outcome<T>
{
    /// <summary>Something new was stored.</summary>
    public sealed record Created(T Value) : Outcome<T>;

    /// <summary>Something stored was changed.</summary>
    public sealed record Changed(T Value) : Outcome<T>;

    /// <summary>The request asked for what is already stored: nothing was written.</summary>
    public sealed record Unchanged(T Value) : Outcome<T>;

    /// <summary>Nothing was written, for <see cref="Why"/>.</summary>
    public sealed record Refused(Refusal Why) : Outcome<T>;

    /// <summary>A refusal is an outcome of any write.</summary>
    public static implicit operator Outcome<T>(Refusal why) => new Refused(why);

    /// <summary>The value of a done write; null when refused.</summary>
    public T? ValueOrDefault => this switch
    {
        Created c => c.Value,
        Changed c => c.Value,
        Unchanged u => u.Value,
        _ => default,
    };
}
