// Command pubsub-fallback serves Google's fake Pub/Sub server (pstest) on a
// fixed host and port, so firebase-tools can start it through
// PUBSUB_EMULATOR_BINARY_PATH as `BINARY --host=H --port=P` where the official
// emulator cannot be downloaded.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"cloud.google.com/go/pubsub/pstest"
	pb "google.golang.org/genproto/googleapis/pubsub/v1"
	"google.golang.org/grpc"
)

// defaultAckDeadlineSeconds replaces an ack deadline of 0. firebase-tools
// creates its trigger subscriptions without one (0), which pstest rejects
// because it requires 10 to 600 seconds, like the real service.
const defaultAckDeadlineSeconds = 10

func main() {
	host := flag.String("host", "127.0.0.1", "host to listen on")
	port := flag.Int("port", 8085, "port to listen on")
	flag.Parse()

	listener, err := net.Listen("tcp", net.JoinHostPort(*host, fmt.Sprint(*port)))
	if err != nil {
		log.Fatalf("pubsub-fallback: cannot listen on %s:%d: %v", *host, *port, err)
	}

	// pstest also listens on a random port of its own. Its handlers are
	// registered again here, behind the interceptor, on the requested port.
	fake := pstest.NewServer()
	server := grpc.NewServer(grpc.UnaryInterceptor(defaultAckDeadline))
	pb.RegisterPublisherServer(server, &fake.GServer)
	pb.RegisterSubscriberServer(server, &fake.GServer)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-stop
		server.Stop()
		fake.Close()
	}()

	// firebase-tools waits for this line (or the port) before it continues.
	log.Printf("[pubsub] This is the Google Pub/Sub fake (pstest). Server started, listening on %d", *port)
	if err := server.Serve(listener); err != nil {
		log.Fatalf("pubsub-fallback: server stopped: %v", err)
	}
}

// defaultAckDeadline sets the ack deadline of a new subscription to
// defaultAckDeadlineSeconds when the request leaves it at 0.
func defaultAckDeadline(
	ctx context.Context,
	req interface{},
	info *grpc.UnaryServerInfo,
	handler grpc.UnaryHandler,
) (interface{}, error) {
	if sub, ok := req.(*pb.Subscription); ok && sub.AckDeadlineSeconds == 0 {
		sub.AckDeadlineSeconds = defaultAckDeadlineSeconds
	}
	return handler(ctx, req)
}
