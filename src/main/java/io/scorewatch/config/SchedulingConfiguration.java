package io.scorewatch.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Turns on the scheduled jobs (label joins, alert delivery, the monitoring schedule) and gives
 * each of them a thread of its own: the scheduler's pool has one thread per scheduled task, so a
 * job that runs long (a purge, a review) never holds up another. A scheduled task is planned
 * again only once its run ends, so a job never overlaps itself either.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SchedulingConfiguration.class);

    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("scheduling-");
        return scheduler;
    }

    /** Sizes the pool once every scheduled method is known: one thread per task. */
    @Bean
    SchedulingConfigurer threadPerJob(ThreadPoolTaskScheduler taskScheduler) {
        return registrar -> {
            int tasks = count(registrar);
            taskScheduler.setPoolSize(Math.max(1, tasks));
            registrar.setTaskScheduler(taskScheduler);
            log.info("{} scheduled tasks, each with a thread of its own", tasks);
        };
    }

    private static int count(ScheduledTaskRegistrar registrar) {
        return registrar.getCronTaskList().size() + registrar.getFixedDelayTaskList().size()
                + registrar.getFixedRateTaskList().size() + registrar.getTriggerTaskList().size();
    }
}
