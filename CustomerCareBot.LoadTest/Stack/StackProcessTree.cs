namespace CustomerCareBot.LoadTest.Stack;

/// <summary>
/// The processes of a stack the tool started: the AppHost's descendants and DCP's (which detaches from the
/// AppHost), each remembered with its start time so a recycled pid is never mistaken for ours.
/// </summary>
internal sealed class StackProcessTree
{
    private readonly List<(int Pid, long StartTicks)> tree = [];

    public void Snapshot(System.Diagnostics.Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }
        }
        catch (InvalidOperationException)
        {
            return;
        }

        AddTree(process.Id);

        // DCP (Aspire's orchestrator) detaches from the AppHost (its parent becomes init) and watches it with
        // --monitor <AppHost pid>; the services and redis-server it starts are its descendants.
        var ours = tree.Select(t => t.Pid).Append(process.Id).ToHashSet();
        foreach (var pid in ProcFs.Pids())
        {
            if (ProcFs.CommandLine(pid) is { Length: > 2 } args && Path.GetFileName(args[0]) == "dcp")
            {
                var monitor = Array.IndexOf(args, "--monitor");
                if (monitor >= 0 && monitor + 1 < args.Length && int.TryParse(args[monitor + 1], out var watched) && ours.Contains(watched))
                {
                    Add(pid);
                    AddTree(pid);
                }
            }
        }
    }

    private void AddTree(int root)
    {
        foreach (var pid in ProcFs.Descendants(root))
        {
            Add(pid);
        }
    }

    private void Add(int pid)
    {
        if (ProcFs.Stat(pid) is { } stat && !tree.Exists(t => t.Pid == pid))
        {
            tree.Add((pid, stat.StartTicks));
        }
    }

    /// <summary>Known tree members still alive and still the same process (same start time).</summary>
    public List<(int Pid, long StartTicks)> Alive() =>
        tree.Where(t => ProcFs.Stat(t.Pid) is { } s && s.StartTicks == t.StartTicks).ToList();
}
