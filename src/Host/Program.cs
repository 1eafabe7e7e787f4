using HfTrain.Engine.Native;
using HfTrain.Host.Cli;
using HfTrain.Host.Options;
using HfTrain.Host.Composition;
using Microsoft.Extensions.DependencyInjection;

// Before any TorchSharp use: choose HF_TRAIN_TORCH_LIB, python3's torch/lib (CUDA) or TorchSharp's CPU build.
try
{
    CudaAllocatorConfig.Apply();
    TorchLibrary.Load();
}
catch (TorchLibraryException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return ExitCodes.Failure;
}

using var services = Services.Build(Services.DefaultPluginRoots());
return services.GetRequiredService<CommandLineApp>().Run(args, Console.Out, Console.Error);
