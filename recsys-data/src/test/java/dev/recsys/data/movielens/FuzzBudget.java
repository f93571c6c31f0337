package dev.recsys.data.movielens;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The number of tries of a fuzz property in the long mode, {@code -Drecsys.fuzz.long=true}; the
 * {@code tries} of its {@code @Property} annotation are the short run of every {@code mvn verify}.
 * Needs {@link Hook} on the container ({@code @AddLifecycleHook(FuzzBudget.Hook.class)}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface FuzzBudget {

    /** The system property that switches every fuzz suite to its long mode. */
    String LONG_MODE = "recsys.fuzz.long";

    /** Tries in the long mode. */
    int longTries();

    /** Raises a property's tries to its {@link FuzzBudget#longTries()} in the long mode. */
    final class Hook implements AroundPropertyHook {
        /** Registered on a test class, the hook reaches the properties in it. */
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.DIRECT_DESCENDANTS;
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            if (Boolean.getBoolean(LONG_MODE)) {
                context.findAnnotation(FuzzBudget.class).ifPresent(b -> context.attributes().setTries(b.longTries()));
            }
            return property.execute();
        }
    }
}
