using LiveStyle.App.Display;

namespace LiveStyle.App.Live;

/// <summary>What a key does in the live view; one place that maps keys to actions (and the help text).</summary>
public enum LiveAction
{
    None, NextStyle, PreviousStyle, JumpToStyle, AlphaUp, AlphaDown, ToggleMix, MixWeightDown, MixWeightUp,
    TogglePreserveColor, ToggleSplitView, TogglePause, ToggleFullscreen, ToggleHelp, Quit,
    ToggleRecording, ToggleVirtualCamera, Snapshot, SwitchNetwork, ToggleTemporal, ToggleMirror, CycleRegions,
}

public static class HotkeyActions
{
    public static LiveAction For(KeyEvent key) => key.Key switch
    {
        GlfwKey.Right or GlfwKey.N => LiveAction.NextStyle,
        // P is the snapshot key (outputs), so "previous" is ← or B (back).
        GlfwKey.Left or GlfwKey.B => LiveAction.PreviousStyle,
        GlfwKey.P => LiveAction.Snapshot,
        GlfwKey.R => LiveAction.ToggleRecording,
        GlfwKey.V => LiveAction.ToggleVirtualCamera,
        GlfwKey.G => LiveAction.SwitchNetwork,
        GlfwKey.T => LiveAction.ToggleTemporal,
        GlfwKey.X => LiveAction.ToggleMirror,
        GlfwKey.K => LiveAction.CycleRegions,
        _ when key.Digit > 0 => LiveAction.JumpToStyle,
        _ when key.IsPlus || key.Key == GlfwKey.Up => LiveAction.AlphaUp,
        _ when key.IsMinus || key.Key == GlfwKey.Down => LiveAction.AlphaDown,
        GlfwKey.M => LiveAction.ToggleMix,
        GlfwKey.LeftBracket => LiveAction.MixWeightDown,
        GlfwKey.RightBracket => LiveAction.MixWeightUp,
        GlfwKey.C => LiveAction.TogglePreserveColor,
        GlfwKey.S => LiveAction.ToggleSplitView,
        GlfwKey.Space => LiveAction.TogglePause,
        GlfwKey.F => LiveAction.ToggleFullscreen,
        GlfwKey.H => LiveAction.ToggleHelp,
        GlfwKey.Escape or GlfwKey.Q => LiveAction.Quit,
        _ => LiveAction.None,
    };

    public const string Help = """
        keys
          <- ->  B N   previous / next style
          1 .. 9       jump to style
          + -          style strength (alpha)
          M            mix two styles   [ ]  mix weight
          C            colour preservation
          S            split view
          X            mirror the preview
          G            network: fast / adain
          T            temporal stabilization on / off
          K            regions: all / background / person
          Space        pause
          F            fullscreen
          R            record on / off
          V            virtual camera on / off
          P            snapshot (PNG)
          H            this help
          Esc Q        quit
        """;
}
