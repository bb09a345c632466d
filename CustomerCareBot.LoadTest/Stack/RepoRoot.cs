namespace CustomerCareBot.LoadTest.Stack;

/// <summary>Finds the repository root: the first folder up from here (or from the tool's binaries) with CustomerCareBot.sln.</summary>
public static class RepoRoot
{
    public const string SolutionFile = "CustomerCareBot.sln";

    public static string? TryFind()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
