/*
 * libzmq C baselines for rxzmq's benchmarks (bench/run.ts compiles and runs this).
 *
 *   zmqbench thr  <endpoint> <size> <count>   PUSH thread -> PULL in one process
 *   zmqbench send <endpoint> <size> <count>   PUSH connects and sends (a fast feeder)
 *   zmqbench recv <endpoint> <size> <count>   PULL binds, prints its endpoint, then receives
 *   zmqbench rep|router <endpoint> <size> 0   binds, prints its endpoint, echoes until killed
 *   zmqbench req <endpoint> <size> <count>    REQ connects, <count> round trips one at a time
 *   zmqbench dealer <endpoint> <size> <count> [in flight]
 *                                             DEALER connects, <count> requests [id, '', body]
 *                                             with that many in flight (default 1)
 *
 * (rep, router, req and dealer are the native peers of bench/profile: they load the JavaScript
 * side without being measured.)
 *
 * Every mode prints one JSON line per event on stdout; rates are messages per second from the
 * first message received to the last.
 */
#include <zmq.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
  fprintf(stderr, "zmqbench: %s: %s\n", what, zmq_strerror(zmq_errno()));
  exit(1);
}

struct job {
  void *ctx;
  const char *endpoint;
  size_t size;
  long count;
  void *push; /* closed by main once everything arrived: ipc may lose what a close cuts off */
};

static void send_all(void *socket, size_t size, long count) {
  char *payload = calloc(1, size > 0 ? size : 1);
  for (long i = 0; i < count; i++) {
    if (zmq_send(socket, payload, size, 0) < 0) die("zmq_send");
  }
  free(payload);
}

static long recv_all(void *socket, size_t size, long count, double *elapsed) {
  zmq_msg_t msg;
  zmq_msg_init(&msg);
  double start = 0;
  for (long i = 0; i < count; i++) {
    if (zmq_msg_recv(&msg, socket, 0) < 0) die("zmq_msg_recv");
    if (zmq_msg_size(&msg) != size) die("unexpected message size");
    if (i == 0) start = now();
  }
  *elapsed = now() - start;
  zmq_msg_close(&msg);
  return count;
}

static void *sender_thread(void *arg) {
  struct job *job = arg;
  void *push = zmq_socket(job->ctx, ZMQ_PUSH);
  if (zmq_connect(push, job->endpoint) != 0) die("zmq_connect");
  send_all(push, job->size, job->count);
  job->push = push;
  return NULL;
}

static void print_rate(long count, double elapsed) {
  printf("{\"event\":\"done\",\"count\":%ld,\"seconds\":%.6f,\"rate\":%.1f}\n", count, elapsed,
         count > 1 ? (count - 1) / elapsed : 0.0);
  fflush(stdout);
}

/* Echoes every message, all its frames, until the process is killed. */
static void echo(void *socket) {
  zmq_msg_t msg;
  zmq_msg_init(&msg);
  for (;;) {
    if (zmq_msg_recv(&msg, socket, 0) < 0) die("zmq_msg_recv");
    int more = zmq_msg_more(&msg);
    if (zmq_msg_send(&msg, socket, more ? ZMQ_SNDMORE : 0) < 0) die("zmq_msg_send");
  }
}

static void print_ready(void *socket) {
  char bound[256];
  size_t len = sizeof bound;
  zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, bound, &len);
  printf("{\"event\":\"ready\",\"endpoint\":\"%s\"}\n", bound);
  fflush(stdout);
}

/* Receives one whole message and discards it. */
static void recv_message(void *socket) {
  zmq_msg_t msg;
  zmq_msg_init(&msg);
  do {
    if (zmq_msg_recv(&msg, socket, 0) < 0) die("zmq_msg_recv");
  } while (zmq_msg_more(&msg));
  zmq_msg_close(&msg);
}

static void send_request(void *dealer, long id, const char *payload, size_t size) {
  if (zmq_send(dealer, &id, sizeof id, ZMQ_SNDMORE) < 0) die("zmq_send");
  if (zmq_send(dealer, "", 0, ZMQ_SNDMORE) < 0) die("zmq_send");
  if (zmq_send(dealer, payload, size, 0) < 0) die("zmq_send");
}

int main(int argc, char **argv) {
  if (argc != 5 && argc != 6) {
    fprintf(stderr, "usage: zmqbench thr|send|recv|rep|router|req|dealer <endpoint> <size> <count> [in flight]\n");
    return 2;
  }
  const char *mode = argv[1];
  const char *endpoint = argv[2];
  size_t size = (size_t)atol(argv[3]);
  long count = atol(argv[4]);
  void *ctx = zmq_ctx_new();
  double elapsed = 0;

  if (strcmp(mode, "thr") == 0) {
    void *pull = zmq_socket(ctx, ZMQ_PULL);
    if (zmq_bind(pull, endpoint) != 0) die("zmq_bind");
    char bound[256];
    size_t len = sizeof bound;
    zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, bound, &len);
    struct job job = {ctx, bound, size, count, NULL};
    pthread_t thread;
    pthread_create(&thread, NULL, sender_thread, &job);
    recv_all(pull, size, count, &elapsed);
    pthread_join(thread, NULL);
    zmq_close(job.push);
    zmq_close(pull);
    print_rate(count, elapsed);
  } else if (strcmp(mode, "send") == 0) {
    void *push = zmq_socket(ctx, ZMQ_PUSH);
    if (zmq_connect(push, endpoint) != 0) die("zmq_connect");
    double start = now();
    send_all(push, size, count);
    elapsed = now() - start;
    /* ipc may lose what a close cuts off (see thr): give the receiver time to take the rest */
    struct timespec pause = {1, 0};
    nanosleep(&pause, NULL);
    zmq_close(push);
    print_rate(count, elapsed);
  } else if (strcmp(mode, "recv") == 0) {
    void *pull = zmq_socket(ctx, ZMQ_PULL);
    if (zmq_bind(pull, endpoint) != 0) die("zmq_bind");
    char bound[256];
    size_t len = sizeof bound;
    zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, bound, &len);
    printf("{\"event\":\"ready\",\"endpoint\":\"%s\"}\n", bound);
    fflush(stdout);
    recv_all(pull, size, count, &elapsed);
    zmq_close(pull);
    print_rate(count, elapsed);
  } else if (strcmp(mode, "rep") == 0 || strcmp(mode, "router") == 0) {
    void *server = zmq_socket(ctx, strcmp(mode, "rep") == 0 ? ZMQ_REP : ZMQ_ROUTER);
    if (zmq_bind(server, endpoint) != 0) die("zmq_bind");
    print_ready(server);
    echo(server);
  } else if (strcmp(mode, "req") == 0 || strcmp(mode, "dealer") == 0) {
    int req = strcmp(mode, "req") == 0;
    long inflight = argc == 6 ? atol(argv[5]) : 1;
    void *client = zmq_socket(ctx, req ? ZMQ_REQ : ZMQ_DEALER);
    if (zmq_connect(client, endpoint) != 0) die("zmq_connect");
    char *payload = calloc(1, size > 0 ? size : 1);
    double start = now();
    if (req) {
      for (long i = 0; i < count; i++) {
        if (zmq_send(client, payload, size, 0) < 0) die("zmq_send");
        recv_message(client);
      }
    } else {
      long sent = 0;
      for (; sent < inflight && sent < count; sent++) send_request(client, sent, payload, size);
      for (long done = 0; done < count; done++) {
        recv_message(client);
        if (sent < count) send_request(client, sent++, payload, size);
      }
    }
    print_rate(count, now() - start);
    zmq_close(client);
    free(payload);
  } else {
    fprintf(stderr, "zmqbench: unknown mode %s\n", mode);
    return 2;
  }
  zmq_ctx_term(ctx);
  return 0;
}
