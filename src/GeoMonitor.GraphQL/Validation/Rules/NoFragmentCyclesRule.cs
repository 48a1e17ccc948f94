// Spec 5.5.2.2 Fragment spreads must not form cycles: a fragment must not spread itself, directly or through others.
using GeoMonitor.GraphQL.Language;

namespace GeoMonitor.GraphQL.Validation.Rules;

internal sealed class NoFragmentCyclesRule : ValidationRule
{
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly List<FragmentSpreadNode> _path = [];
    private readonly Dictionary<string, int> _pathIndex = new(StringComparer.Ordinal);

    public override void Enter(Node node)
    {
        if (node is FragmentDefinitionNode fragment) Detect(fragment);
    }

    /// <summary>Depth-first search; each fragment is expanded once, so every cycle is reported once.</summary>
    private void Detect(FragmentDefinitionNode fragment)
    {
        var name = fragment.Name.Value;
        if (!_visited.Add(name)) return;
        var spreads = Context.GetFragmentSpreads(fragment.SelectionSet);
        if (spreads.Count == 0) return;
        _pathIndex[name] = _path.Count;
        foreach (var spread in spreads)
        {
            var spreadName = spread.Name.Value;
            _path.Add(spread);
            if (!_pathIndex.TryGetValue(spreadName, out var cycleIndex))
            {
                if (Context.GetFragment(spreadName) is { } target) Detect(target);
            }
            else
            {
                var cycle = _path.Skip(cycleIndex).ToList();
                var via = cycle.Take(cycle.Count - 1).Select(s => $"\"{s.Name.Value}\"").ToList();
                Report($"Cannot spread fragment \"{spreadName}\" within itself{(via.Count > 0 ? " via " + string.Join(", ", via) : string.Empty)}.", cycle);
            }
            _path.RemoveAt(_path.Count - 1);
        }
        _pathIndex.Remove(name);
    }
}
