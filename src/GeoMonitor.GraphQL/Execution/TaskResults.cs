using System.Collections.Concurrent;
using System.Linq.Expressions;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>Reads the result of a completed Task&lt;T&gt; whose T is only known at run time, for resolvers that return tasks as objects.</summary>
internal static class TaskResults
{
    private static readonly ConcurrentDictionary<Type, Func<Task, object?>> Getters = new();

    public static async ValueTask<object?> AwaitAsync(Task task)
    {
        await task;
        return GetResult(task);
    }

    public static object? GetResult(Task task)
    {
        var type = task.GetType();
        var getter = Getters.GetOrAdd(type, static t =>
        {
            var resultProperty = t.GetProperty("Result");
            // A plain Task (or the runtime's VoidTaskResult) has no meaningful result.
            if (resultProperty is null || resultProperty.PropertyType.Name == "VoidTaskResult") return _ => null;
            var p = Expression.Parameter(typeof(Task), "task");
            var body = Expression.Convert(Expression.Property(Expression.Convert(p, t), resultProperty), typeof(object));
            return Expression.Lambda<Func<Task, object?>>(body, p).Compile();
        });
        return getter(task);
    }
}
