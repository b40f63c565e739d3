package org.clustersim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void stagesSplitEvenly() {
        Route route = new Route(new int[][] {{7}, {10, 11, 12, 13}, {20}});
        assertThat(route.stageCount()).isEqualTo(3);
        assertThat(route.width(1)).isEqualTo(4);
        assertThat(route.weight(1)).isEqualTo(0.25);
        assertThat(route.link(1, 2)).isEqualTo(12);
        assertThat(route.incidenceCount()).isEqualTo(6);
        assertThat(route.isSinglePath()).isFalse();
        assertThat(new Route(new int[][] {{1}, {2}}).isSinglePath()).isTrue();
        assertThat(Route.EMPTY.stageCount()).isZero();
    }

    @Test
    void stageLinksIsACopy() {
        Route route = new Route(new int[][] {{1, 2}});
        route.stageLinks(0)[0] = 99;
        assertThat(route.link(0, 0)).isEqualTo(1);
        assertThat(route).isEqualTo(new Route(new int[][] {{1, 2}})).hasSameHashCodeAs(new Route(new int[][] {{1, 2}}));
    }

    @Test
    void emptyStageIsRejected() {
        assertThatThrownBy(() -> new Route(new int[][] {{1}, {}})).isInstanceOf(IllegalArgumentException.class);
    }
}
