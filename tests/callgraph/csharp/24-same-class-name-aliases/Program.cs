namespace Scheduling
{
    public static class Program
    {
        public static void Main()
        {
            var scheduler = new Scheduler();
            System.Console.WriteLine(scheduler.RunAll());
            scheduler.RunLater().Wait();
        }
    }
}
