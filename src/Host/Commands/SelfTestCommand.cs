using System.CommandLine;
using HfTrain.Engine.Diagnostics;
using HfTrain.Engine.Native;
using HfTrain.Engine.SelfTest;
using HfTrain.Engine.Training;
using HfTrain.Host.Options;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train selftest --fixtures tests/Fixtures</c> (hidden): the device checks of the GPU tests, for machines that
/// have a GPU but no dotnet — parity with transformers in float32, bf16 training, no tensor leaks; and optionally
/// saves a fixture model for transformers to load back.
/// </summary>
internal sealed class SelfTestCommand : IHostCommand
{
    public Command Create()
    {
        var fixtures = new Option<string>("--fixtures") { Description = "The tests/Fixtures folder of the hf-train repository.", Required = true, HelpName = "dir" };
        var save = new Option<string?>("--save_tiny_trained") { Description = "Also save tiny-trained with hf-train into this folder.", HelpName = "dir" };
        var steps = new Option<int>("--steps") { Description = "Training steps per precision.", HelpName = "int", DefaultValueFactory = _ => 200 };
        var command = new Command("selftest", "Device checks (parity with transformers, mixed precision, leaks) on the default device.")
        {
            fixtures, save, steps,
        };
        command.Hidden = true;
        command.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            string dir = result.GetValue(fixtures)!;
            var device = TorchDevice.Select(useCpu: false);
            output.WriteLine($"device: {device.Description}");
            if (Environment.GetEnvironmentVariable(StepProfiler.Variable) == "1")
                output.WriteLine(DeviceSelfTest.OpOverhead(device.Device));
            var checks = new List<CheckResult>();
            void Add(CheckResult check)
            {
                checks.Add(check);
                output.WriteLine(check);
            }
            foreach (var (model, task) in new[] { ("tiny", "summarization"), ("tiny", "translation"), ("tiny-gated", "summarization"),
                         ("tiny-gated", "translation"), ("tiny-trained", "summarization") })
                Add(DeviceSelfTest.Parity(dir, model, task, device.Device));
            Add(DeviceSelfTest.BeamScoreRounding(device.Device));
            foreach (var precision in new[] { Precision.Fp32, Precision.Bf16 })
            {
                foreach (var check in DeviceSelfTest.Training(dir, device.Device, precision, result.GetValue(steps)))
                    Add(check);
            }
            if (result.GetValue(save) is { } saveDir)
                Add(DeviceSelfTest.RoundTrip(dir, "tiny-trained", saveDir));
            output.WriteLine($"{checks.Count(c => c.Passed)} passed, {checks.Count(c => !c.Passed)} failed");
            return checks.All(c => c.Passed) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
