using HfTrain.Distributed.Rendezvous;
using HfTrain.Host.Launch;

namespace HfTrain.Host.Tests.Launch;

/// <summary>The launcher's TCPStore answers the workers' store client (HfTrain.Distributed) over real sockets.</summary>
public sealed class RendezvousStoreTests
{
    static TcpStoreClient Client(RendezvousStore store) => TcpStoreClient.Connect("127.0.0.1", store.Port, "hf-train/test/0/", TimeSpan.FromSeconds(60));

    [Fact]
    public void Set_get_add_and_check_behave_as_a_tcpstore()
    {
        using var store = new RendezvousStore(0);
        using var client = Client(store);
        Assert.False(client.Check("id"));
        client.Set("id", [1, 2, 3]);
        Assert.True(client.Check("id"));
        Assert.Equal([1, 2, 3], client.Get("id"));
        Assert.Equal(1, client.Add("count", 1));
        Assert.Equal(3, client.Add("count", 2));
    }

    [Fact]
    public void Two_ranks_gather_rank_0s_bytes_and_pass_a_barrier()
    {
        using var store = new RendezvousStore(0);
        byte[][]? seenBy1 = null;
        var rank1 = new Thread(() =>
        {
            using var exchange = new StoreExchange(Client(store), 1, 2);
            seenBy1 = exchange.AllGather([]);   // waits for rank 0's bytes
            exchange.Barrier();
        });
        rank1.Start();
        using (var exchange = new StoreExchange(Client(store), 0, 2))
        {
            Assert.Equal([9, 8, 7], exchange.AllGather([9, 8, 7])[0]);
            exchange.Barrier();
        }
        rank1.Join();
        Assert.Equal([9, 8, 7], seenBy1![0]);
        Assert.Empty(seenBy1[1]);
    }

    [Fact]
    public void A_port_in_use_is_a_usage_error_naming_the_option()
    {
        using var first = new RendezvousStore(0);
        var error = Assert.Throws<HfTrain.Host.Options.UsageException>(() => new RendezvousStore(first.Port));
        Assert.Contains($"the rendezvous port {first.Port} cannot be opened", error.Message);
        Assert.Contains("--master_port", error.Message);
    }
}
