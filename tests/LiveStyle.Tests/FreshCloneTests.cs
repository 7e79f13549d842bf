using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>
/// What `.ci/run` meets on a fresh clone (issue 11, "done when"): the committed tree, a `shared`
/// folder beside it, nothing built. Building and testing the whole clone takes many minutes of
/// CPU, so this checks what a fresh clone can lack that a developer's checkout has: files that
/// are not committed (styles, shaders, projects), the runner's executable bit and its test
/// command (README's, exactly), and finding ../shared from the clone's output folders.
/// </summary>
public class FreshCloneTests
{
    private string _dir = "";
    private string _clone = "";

    [OneTimeSetUp]
    public void CloneTheCommittedTree()
    {
        if (!Directory.Exists(Path.Combine(TestEnvironment.RepositoryRoot, ".git")) && !File.Exists(Path.Combine(TestEnvironment.RepositoryRoot, ".git")))
            Assert.Ignore("not a git checkout");
        _dir = TestEnvironment.NewTempDirectory();
        _clone = Path.Combine(_dir, "LiveStyle");
        // The commit checked out here (a worktree's branch or CI's detached head), as a fresh clone of it.
        var (code, head) = Git(TestEnvironment.RepositoryRoot, "rev-parse", "HEAD");
        if (code != 0) Assert.Ignore($"git rev-parse failed: {head}");
        var (cloned, output) = Git(_dir, "clone", "--quiet", "--no-checkout", TestEnvironment.RepositoryRoot, _clone);
        if (cloned != 0) Assert.Ignore($"git clone failed: {output}");
        var (checkedOut, checkoutOutput) = Git(_clone, "checkout", "--quiet", head.Trim());
        Assert.That(checkedOut, Is.Zero, checkoutOutput);
        Directory.CreateSymbolicLink(Path.Combine(_dir, "shared"), TestEnvironment.SharedDirectory);
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (_dir.Length > 0) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void TheCiRunnerIsExecutableAndRunsReadmesTestCommandExactly()
    {
        var runner = Path.Combine(_clone, ".ci", "run");
        Assert.That(File.Exists(runner), ".ci/run is committed");
        if (!OperatingSystem.IsWindows())
            Assert.That(File.GetUnixFileMode(runner).HasFlag(UnixFileMode.UserExecute), "a fresh clone can run .ci/run directly");
        Assert.That(File.ReadAllText(runner), Does.Not.Contain("\r\n"), "LF line endings, or bash stops at the first line");

        var readme = File.ReadAllText(Path.Combine(_clone, "README.md"));
        var testCommand = Regex.Match(readme, @"Run the tests:\s*```sh\s*\n(?<command>[^\n]+)\n```").Groups["command"].Value.Trim();
        Assert.That(testCommand, Is.EqualTo("dotnet test LiveStyle.sln -c Release"));
        Assert.That(File.ReadAllLines(runner).Select(l => l.Trim()), Has.Some.StartsWith(testCommand + " "), ".ci/run runs README's command as written");
    }

    [Test]
    public void EveryProjectAndEveryFileTheBuildCopiesIsCommitted()
    {
        var solution = File.ReadAllText(Path.Combine(_clone, "LiveStyle.sln"));
        var projects = Regex.Matches(solution, @"""([^""]+\.csproj)""").Select(m => m.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar)).ToArray();
        Assert.That(projects, Is.Not.Empty);
        foreach (var project in projects)
        {
            var path = Path.Combine(_clone, project);
            Assert.That(File.Exists(path), $"{project} is in the solution but not committed");
            var folder = Path.GetDirectoryName(path)!;
            foreach (var item in XDocument.Load(path).Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "None" or "Content" or "EmbeddedResource" or "Import"))
            {
                var include = (string?)item.Attribute("Include") ?? (string?)item.Attribute("Project");
                if (include is null || include.Contains("$(")) continue;
                // "..\..\shaders\**" must at least have its folder; a plain path must exist.
                var relative = include.Replace('\\', Path.DirectorySeparatorChar);
                var wildcard = relative.IndexOf('*');
                var target = Path.GetFullPath(Path.Combine(folder, wildcard >= 0 ? relative[..wildcard] : relative));
                Assert.That(wildcard >= 0 ? Directory.Exists(target) && Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Any() : File.Exists(target),
                    $"{project} needs {include}, which a fresh clone does not have");
            }
        }
        foreach (var file in new[] { "Directory.Packages.props", "Directory.Build.props", "global.json", "NuGet.config", "nuget.config" })
            if (File.Exists(Path.Combine(TestEnvironment.RepositoryRoot, file)))
                Assert.That(File.Exists(Path.Combine(_clone, file)), $"{file} is used here but not committed");
    }

    [Test]
    public void TheShippedStylesTheTestsAndDefaultsUseAreCommitted()
    {
        var here = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles")).Select(Path.GetFileName).Order().ToArray();
        var cloned = Directory.GetFiles(Path.Combine(_clone, "models", "styles")).Select(Path.GetFileName).Order().ToArray();
        Assert.That(cloned, Is.EqualTo(here), "every style image in models/styles is committed");
        Assert.That(Directory.GetFiles(Path.Combine(_clone, "shaders")), Is.Not.Empty);
    }

    [Test]
    public void TheCloneFindsTheSharedFolderBesideIt()
    {
        // TestEnvironment walks up from the test assembly's folder; from a clone's output folder that reaches the clone's parent.
        var output = Path.Combine(_clone, "tests", "LiveStyle.Tests", "bin", "Release", "net10.0");
        string? found = null;
        for (var dir = new DirectoryInfo(output); dir is not null && found is null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "weights"))) found = Path.Combine(dir.FullName, "shared");
        Assert.That(found, Is.EqualTo(Path.Combine(_dir, "shared")));
        var runner = File.ReadAllText(Path.Combine(_clone, ".ci", "run"));
        Assert.That(runner, Does.Contain("../shared/weights"), ".ci/run points LIVESTYLE_WEIGHTS at the shared folder beside the clone");
    }

    private static (int Code, string Output) Git(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd() + git.StandardError.ReadToEnd();
            git.WaitForExit();
            return (git.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
