package org.clustersim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * An M/M/1 queue on the engine: arrivals at rate lambda, service at rate mu. Closed forms (rho = lambda / mu):
 * mean wait in queue Wq = rho / (mu - lambda), mean number in system L = rho / (1 - rho).
 */
class MM1QueueTest {

    record Outcome(double meanWaitSeconds, double meanInSystem, long served, long endNs) {
    }

    static Outcome simulate(long seed, double lambdaPerSecond, double muPerSecond, int customers) {
        Simulation sim = new Simulation(seed);
        RandomStream arrivals = sim.random().stream("arrivals");
        RandomStream service = sim.random().stream("service");
        ArrayDeque<Long> queue = new ArrayDeque<>();
        ObservationAccumulator waits = new ObservationAccumulator();
        TimeWeightedAccumulator inSystem = new TimeWeightedAccumulator(0, 0);
        boolean[] busy = {false};
        int[] arrived = {0};

        class Server {
            void startService(long arrivalNs) {
                busy[0] = true;
                waits.add(SimTime.nsToSeconds(sim.nowNs() - arrivalNs));
                sim.scheduleAfter(SimTime.secondsToNs(service.nextExponential(1 / muPerSecond)), this::finish);
            }

            void finish() {
                inSystem.update(sim.nowNs(), inSystem.currentValue() - 1);
                busy[0] = false;
                if (!queue.isEmpty()) {
                    startService(queue.poll());
                }
            }
        }
        Server server = new Server();
        Event[] arrival = new Event[1];
        arrival[0] = () -> {
            inSystem.update(sim.nowNs(), inSystem.currentValue() + 1);
            if (busy[0]) {
                queue.add(sim.nowNs());
            } else {
                server.startService(sim.nowNs());
            }
            if (++arrived[0] < customers) {
                sim.scheduleAfter(SimTime.secondsToNs(arrivals.nextExponential(1 / lambdaPerSecond)), arrival[0]);
            }
        };
        sim.scheduleAt(0, arrival[0]);
        sim.run();
        return new Outcome(waits.mean(), inSystem.meanUntil(sim.nowNs()), waits.count(), sim.nowNs());
    }

    @Test
    void meanWaitMatchesTheClosedForm() {
        double lambda = 0.8;
        double mu = 1.0;
        double rho = lambda / mu;
        Outcome outcome = simulate(2024, lambda, mu, 400_000);
        double expectedWait = rho / (mu - lambda); // 4.0 s
        double expectedL = rho / (1 - rho);         // 4.0
        double waitError = Math.abs(outcome.meanWaitSeconds() - expectedWait) / expectedWait;
        double lError = Math.abs(outcome.meanInSystem() - expectedL) / expectedL;
        System.out.printf("M/M/1 rho=0.8: Wq simulated %.4f s vs %.4f closed form (%.2f%%); L %.4f vs %.4f (%.2f%%)%n",
                outcome.meanWaitSeconds(), expectedWait, 100 * waitError, outcome.meanInSystem(), expectedL,
                100 * lError);
        assertThat(outcome.served()).isEqualTo(400_000);
        // rho = 0.8 is strongly autocorrelated; 400k customers gives a standard error near 2%.
        assertThat(waitError).isLessThan(0.06);
        assertThat(lError).isLessThan(0.06);
    }

    @Test
    void sameSeedGivesBitIdenticalResults() {
        Outcome a = simulate(99, 0.7, 1.0, 50_000);
        Outcome b = simulate(99, 0.7, 1.0, 50_000);
        assertThat(Double.doubleToRawLongBits(a.meanWaitSeconds()))
                .isEqualTo(Double.doubleToRawLongBits(b.meanWaitSeconds()));
        assertThat(Double.doubleToRawLongBits(a.meanInSystem())).isEqualTo(Double.doubleToRawLongBits(b.meanInSystem()));
        assertThat(a.endNs()).isEqualTo(b.endNs());
        Outcome c = simulate(100, 0.7, 1.0, 50_000);
        assertThat(c.endNs()).isNotEqualTo(a.endNs());
    }
}
