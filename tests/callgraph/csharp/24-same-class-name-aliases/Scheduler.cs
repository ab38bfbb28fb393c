using System.Threading.Tasks;
using Jobs.Import;
using CleanupJob = Jobs.Cleanup.Job;

namespace Scheduling
{
    public class Scheduler
    {
        public string RunAll()
        {
            var cleanup = new CleanupJob();
            var import = new Job();
            return cleanup.Run() + "; " + import.Run();
        }

        public Task RunLater() => Task.Run(() => RunAll());
    }
}
