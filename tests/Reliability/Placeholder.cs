namespace HfTrain.Reliability;
